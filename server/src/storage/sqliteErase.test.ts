/**
 * Erasure on SQLite leaves nothing readable in the files [F13.5]: the database, its free pages
 * and the WAL are searched byte by byte for the erased words.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sqliteDirs } from '../testing/sqliteDirs'
import { DB_FILE } from './sqliteStorage'
import type { BoardStorage } from './types'

const MARK = 'Marchetti-bike-plan-7f3a'

/** Every file SQLite keeps for the database, read whole. */
function filesHold(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8')
  return [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`].filter((f) => {
    const p = join(dir, f)
    return existsSync(p) && readFileSync(p).includes(needle)
  })
}

describe('SQLite erasure leaves nothing in the files', () => {
  const { newDir, open } = sqliteDirs('board-erase-')
  const withBoards = (s: BoardStorage) =>
    s.createSession({ id: 's', title: 'S', template: 'w3', createdAt: 1 }, [
      {
        board: { id: 'b1', sessionId: 's', name: 'b1', position: 0, createdAt: 1 },
        initialUpdate: Uint8Array.of(0, 0),
      },
      {
        board: { id: 'b2', sessionId: 's', name: 'b2', position: 1, createdAt: 1 },
        initialUpdate: Uint8Array.of(0, 0),
      },
    ])
  /** Rows and snapshots that hold the mark, some compacted away already, as a session leaves them. */
  function fill(s: BoardStorage) {
    const row = (i: number) => Buffer.from(`${MARK} row ${i} ${'x'.repeat(300)}`)
    let last = 0
    for (let i = 0; i < 400; i++) last = s.appendUpdate('b1', row(i))
    s.compact('b1', Buffer.from(`${MARK} snapshot ${'y'.repeat(5000)}`), last)
    for (let i = 0; i < 50; i++) last = s.appendUpdate('b1', row(i))
    s.rebase('b1', {
      fresh: Buffer.from(`${MARK} fresh`),
      stateVector: Uint8Array.of(0),
      base: Buffer.from(`${MARK} base ${'z'.repeat(2000)}`),
      retired: [1],
      upToSeq: last,
    })
    for (let i = 0; i < 20; i++) last = s.appendUpdate('b1', row(i))
    s.appendUpdate('b2', Buffer.from('other board keeps this'))
    return last
  }

  it('[F13.5, R3] after an erasure the database file and the WAL hold none of the erased bytes', () => {
    const dir = newDir()
    const s = open(dir)
    withBoards(s)
    const last = fill(s)
    expect(filesHold(dir, MARK).length).toBeGreaterThan(0)
    s.erase('b1', {
      fresh: Buffer.from('clean epoch'),
      stateVector: Uint8Array.of(0),
      base: Buffer.from('clean base'),
      retired: [2],
      upToSeq: last,
    })
    // The erased pages are overwritten in the database; the WAL keeps old images until scrubbed.
    expect(s.scrub()).toBe(true)
    expect(filesHold(dir, MARK)).toEqual([])
    expect(filesHold(dir, 'other board keeps this')).toEqual([DB_FILE])
    expect(Buffer.from(s.loadBoard('b1').snapshot!.data).toString()).toBe('clean epoch')
  })

  it('[R3] a scrub waits briefly for a reader, then says it must be tried again', () => {
    const dir = newDir()
    const s = open(dir)
    withBoards(s)
    fill(s)
    const reader = new Database(join(dir, DB_FILE), { readonly: true })
    try {
      reader.exec('BEGIN')
      reader.prepare('SELECT count(*) FROM updates').get()
      s.appendUpdate('b2', Uint8Array.of(1))
      const t0 = performance.now()
      expect(s.scrub()).toBe(false)
      expect(performance.now() - t0).toBeLessThan(2000)
      reader.exec('COMMIT')
      expect(s.scrub()).toBe(true)
    } finally {
      reader.close()
    }
  })

  it('[R3] a data dir written before secure_delete is rewritten once when opened', () => {
    const dir = newDir()
    const old = new Database(join(dir, DB_FILE))
    old.pragma('journal_mode = WAL')
    old.pragma('secure_delete = OFF')
    old.exec(
      'CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, template TEXT NOT NULL, created_at INTEGER NOT NULL)',
    )
    old.exec(
      'CREATE TABLE updates (seq INTEGER PRIMARY KEY, board_id TEXT NOT NULL, data BLOB NOT NULL, crc INTEGER NOT NULL)',
    )
    const ins = old.prepare('INSERT INTO updates (seq, board_id, data, crc) VALUES (?, ?, ?, 0)')
    for (let i = 1; i <= 200; i++) ins.run(i, 'b1', Buffer.from(`${MARK} ${i} ${'q'.repeat(200)}`))
    old.exec('DELETE FROM updates')
    old.pragma('wal_checkpoint(TRUNCATE)')
    old.pragma('user_version = 2')
    old.close()
    // Deleted, yet still in the file's free pages.
    expect(filesHold(dir, MARK)).toEqual([DB_FILE])
    open(dir)
    expect(filesHold(dir, MARK)).toEqual([])
  })
})
