import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { corruptSqliteRow, corruptSqliteSnapshot } from '../testing/corrupt'
import { sqliteDirs } from '../testing/sqliteDirs'
import { CHECKPOINT_EVERY, DB_FILE, openSqliteStorage } from './sqliteStorage'
import { storageContractSuite } from './storageContract'
import type { BoardStorage, PeopleRecord } from './types'

storageContractSuite('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'board-sqlite-'))
  let storage: BoardStorage = openSqliteStorage(dir)
  return {
    get storage() {
      return storage
    },
    corruptRow: (seq) => corruptSqliteRow(dir, seq),
    corruptSnapshot: (boardId) => corruptSqliteSnapshot(dir, boardId),
    reopen() {
      storage.close()
      storage = openSqliteStorage(dir)
      return storage
    },
    cleanup() {
      storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('SQLite sequence numbers and checkpoints', () => {
  const { newDir, open } = sqliteDirs('board-sqlite-seq-')
  const session = (s: BoardStorage, boardId: string) =>
    s.createSession({ id: `s-${boardId}`, title: 'S', template: 'w3', createdAt: 1 }, [
      {
        board: { id: boardId, sessionId: `s-${boardId}`, name: boardId, position: 0, createdAt: 1 },
        initialUpdate: Uint8Array.of(0, 0),
      },
    ])

  it('never gives a number at or below a snapshot, after every row was compacted and a reopen', () => {
    const dir = newDir()
    const first = open(dir)
    session(first, 'b1')
    first.appendUpdate('b1', Uint8Array.of(1))
    const last = first.appendUpdate('b1', Uint8Array.of(2))
    first.compact('b1', Uint8Array.of(7, 7), last)
    first.close()
    const again = open(dir)
    const next = again.appendUpdate('b1', Uint8Array.of(3))
    expect(next).toBeGreaterThan(last)
    const loaded = again.loadBoard('b1')
    expect(loaded.snapshot?.seq).toBe(last)
    expect(loaded.updates.map((u) => [...u.data])).toEqual([[3]])
  })

  it('counts on from a data dir made with AUTOINCREMENT, past rows it deleted', () => {
    const dir = newDir()
    const db = new Database(join(dir, DB_FILE))
    db.exec(`CREATE TABLE updates (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL,
      crc INTEGER NOT NULL);`)
    const ins = db.prepare('INSERT INTO updates (board_id, data, crc) VALUES (?, ?, ?)')
    for (let i = 0; i < 5; i++) ins.run('old', Buffer.from([i]), 0)
    // The newest rows gone (as a compaction of another backend's making could leave it):
    // only SQLite's own counter still knows 5 was given.
    db.exec('DELETE FROM updates WHERE seq > 2')
    db.pragma('user_version = 1')
    db.close()
    const s = open(dir)
    session(s, 'b1')
    const seq = s.appendUpdate('b1', Uint8Array.of(9))
    expect(seq).toBeGreaterThan(6)
    expect(s.loadBoard('b1').updates.map((u) => [...u.data])).toEqual([[0, 0], [9]])
  })

  it('takes a fresh number when another writer took the next one', () => {
    const dir = newDir()
    const a = open(dir)
    session(a, 'b1')
    const b = open(dir)
    const fromB = b.appendUpdate('b1', Uint8Array.of(1))
    const fromA = a.appendUpdate('b1', Uint8Array.of(2))
    expect(fromA).toBeGreaterThan(fromB)
    expect(a.loadBoard('b1').updates.map((u) => [...u.data])).toEqual([[0, 0], [1], [2]])
  })

  it('[S17] stores a failing group of rows not at all, and numbers on as if it never was', () => {
    const dir = newDir()
    const s = open(dir)
    session(s, 'b1')
    session(s, 'b2')
    // A row of b2 fails inside the transaction (as a full disk would fail it).
    const db = new Database(join(dir, DB_FILE))
    db.exec(`CREATE TRIGGER refuse_b2 BEFORE INSERT ON updates WHEN NEW.board_id = 'b2'
             BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    db.close()
    const before = s.appendUpdate('b1', Uint8Array.of(1))
    expect(() =>
      s.appendUpdates([
        { boardId: 'b1', data: Uint8Array.of(2) },
        { boardId: 'b2', data: Uint8Array.of(3) },
      ]),
    ).toThrow(/disk full/)
    expect(s.loadBoard('b1').updates.map((u) => [...u.data])).toEqual([[0, 0], [1]])
    const [after] = s.appendUpdates([{ boardId: 'b1', data: Uint8Array.of(4) }])
    expect(after).toBe(before + 1)
    expect(s.loadBoard('b1').updates.map((u) => [...u.data])).toEqual([[0, 0], [1], [4]])
  })

  it('opens a data dir made before plenaries: its boards read as breakouts, and a plenary can join', () => {
    const dir = newDir()
    const made = open(dir)
    session(made, 'b1')
    made.close()
    // The file as a server of before left it: no plenary column, no index on it.
    const db = new Database(join(dir, DB_FILE))
    db.exec('DROP INDEX boards_one_plenary; ALTER TABLE boards DROP COLUMN plenary')
    db.close()
    // A read-only reader (the harvest command line) of the old file reads it as it is.
    const before = openSqliteStorage(dir, { readonly: true })
    expect(before.getBoard('b1')).toEqual({
      id: 'b1',
      sessionId: 's-b1',
      name: 'b1',
      position: 0,
      createdAt: 1,
    })
    before.close()
    const s = open(dir)
    expect(s.getBoard('b1')?.plenary).toBeUndefined()
    s.addBoard(
      { id: 'p1', sessionId: 's-b1', name: 'Plenary', position: 1, createdAt: 2, plenary: true },
      Uint8Array.of(0, 0),
    )
    expect(s.listBoards('s-b1').map((b) => b.plenary ?? false)).toEqual([false, true])
  })

  const change = (n: number, text: string): PeopleRecord => ({
    kind: 'change',
    boardId: 'b1',
    noteId: 'x',
    n,
    change: { at: n, personId: 'p', name: 'Ana', city: 'Braga', role: 'participant', text },
  })
  const tableSql = (dir: string, name: string) => {
    const db = new Database(join(dir, DB_FILE), { readonly: true })
    try {
      return db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name)
    } finally {
      db.close()
    }
  }
  /** A pragma of the data dir's file, read from outside the store. */
  const filePragma = (dir: string, name: string) => {
    const db = new Database(join(dir, DB_FILE), { readonly: true })
    try {
      return db.pragma(name, { simple: true })
    } finally {
      db.close()
    }
  }
  /**
   * A data dir as the versions before gave it: history tables with a rowid, and no free pages
   * given back (auto_vacuum NONE), holding a board, a change and a client's owner.
   */
  const dirOfBefore = () => {
    const dir = newDir()
    const s = open(dir)
    session(s, 'b1')
    s.appendTurn(
      [{ boardId: 'b1', data: Uint8Array.of(1) }],
      [change(1, 'h'), { kind: 'owner', boardId: 'b1', client: 7, owner: 'p' }],
    )
    s.close()
    const db = new Database(join(dir, DB_FILE))
    db.exec(`
      ALTER TABLE note_changes RENAME TO clustered_changes;
      CREATE TABLE note_changes (
        board_id TEXT NOT NULL, note_id TEXT NOT NULL, n INTEGER NOT NULL, at INTEGER,
        person_id TEXT, name TEXT NOT NULL, city TEXT NOT NULL, role TEXT, text TEXT NOT NULL,
        PRIMARY KEY (board_id, note_id, n));
      INSERT INTO note_changes SELECT * FROM clustered_changes;
      DROP TABLE clustered_changes;
      ALTER TABLE client_owners RENAME TO clustered_owners;
      CREATE TABLE client_owners (board_id TEXT NOT NULL, client INTEGER NOT NULL,
        owner TEXT NOT NULL, PRIMARY KEY (board_id, client));
      INSERT INTO client_owners SELECT * FROM clustered_owners;
      DROP TABLE clustered_owners;`)
    db.pragma('auto_vacuum = NONE')
    db.exec('VACUUM')
    db.close()
    expect(filePragma(dir, 'auto_vacuum')).toBe(0)
    expect(tableSql(dir, 'note_changes')).not.toContain('WITHOUT ROWID')
    return dir
  }

  it('[F14.8] keeps a note’s changes clustered on their key; a data dir of before gets its tables so once, its rows kept', () => {
    const fresh = newDir()
    const s = open(fresh)
    session(s, 'b1')
    s.close()
    const old = dirOfBefore()
    for (const dir of [fresh, old]) {
      const t = open(dir)
      expect(t.readClientOwners('b1')).toEqual(dir === old ? [{ client: 7, owner: 'p' }] : [])
      t.appendTurn([{ boardId: 'b1', data: Uint8Array.of(1) }], [change(1, 'h'), change(2, 'x')])
      // A person's typing rewrites its latest change.
      t.appendTurn([{ boardId: 'b1', data: Uint8Array.of(2) }], [change(2, 'xy')])
      expect(t.readNoteChanges('b1', 'x').map((c) => [c.n, c.change.text])).toEqual([
        [1, 'h'],
        [2, 'xy'],
      ])
      t.close()
      expect(tableSql(dir, 'note_changes')).toContain('WITHOUT ROWID')
      expect(tableSql(dir, 'client_owners')).toContain('WITHOUT ROWID')
    }
  })

  it('a data dir of before gives the pages a compaction freed back from its first clean stop on', () => {
    const dir = dirOfBefore()
    const s = open(dir)
    const row = new Uint8Array(2000).fill(7)
    let last = 0
    for (let i = 0; i < 400; i++) last = s.appendUpdate('b1', row)
    s.compact('b1', Uint8Array.of(1), last)
    s.close()
    expect(filePragma(dir, 'auto_vacuum')).toBe(2)
    expect(filePragma(dir, 'freelist_count')).toBe(0)
    expect(filePragma(dir, 'page_count')).toBeLessThan(40)
    const again = open(dir)
    expect(again.loadBoard('b1').updates).toHaveLength(0)
    expect(again.readNoteChanges('b1', 'x').map((c) => c.change.text)).toEqual(['h'])
    again.close()
  })

  it('gives the pages a compaction freed back to the file system at a clean stop', () => {
    const dir = newDir()
    const s = open(dir)
    session(s, 'b1')
    const row = new Uint8Array(2000).fill(7)
    let last = 0
    for (let i = 0; i < 400; i++) last = s.appendUpdate('b1', row)
    s.compact('b1', Uint8Array.of(1), last)
    s.close()
    const db = new Database(join(dir, DB_FILE), { readonly: true })
    try {
      expect(db.pragma('freelist_count', { simple: true })).toBe(0)
      const pages = db.pragma('page_count', { simple: true }) as number
      expect(pages).toBeLessThan(40)
      expect(statSync(join(dir, DB_FILE)).size).toBe(pages * 4096)
    } finally {
      db.close()
    }
    // Reopened, it writes on.
    const again = open(dir)
    expect(again.appendUpdate('b1', row)).toBeGreaterThan(last)
    expect(again.loadBoard('b1').updates).toHaveLength(1)
  })

  it('refuses a data dir written by a newer version', () => {
    const dir = newDir()
    const db = new Database(join(dir, DB_FILE))
    db.pragma('user_version = 99')
    db.close()
    expect(() => open(dir)).toThrow(/newer version/)
  })

  it('copies the WAL back after a batch of appends, so it stays small', async () => {
    const dir = newDir()
    const s = open(dir)
    session(s, 'b1')
    const row = new Uint8Array(200).fill(5)
    const walBytes = () => statSync(join(dir, `${DB_FILE}-wal`)).size
    let largest = 0
    for (let batch = 0; batch < 8; batch++) {
      for (let i = 0; i < CHECKPOINT_EVERY; i++) s.appendUpdate('b1', row)
      largest = Math.max(largest, walBytes())
      // The checkpoint runs once this turn of the event loop is over.
      await new Promise((r) => setImmediate(r))
    }
    const pagesPerBatch = largest / 4096
    // Without the checkpoints the WAL would hold every batch's pages (SQLite's own threshold is
    // 4,000 pages); with them it is reused from its start after each batch.
    expect(pagesPerBatch).toBeLessThan(CHECKPOINT_EVERY * 4)
    expect(walBytes()).toBeLessThan(8 * CHECKPOINT_EVERY * 2 * 4096)
    expect(s.loadBoard('b1').updates).toHaveLength(1 + 8 * CHECKPOINT_EVERY)
  })
})
