/**
 * [G13] Nothing is relayed before it is on disk, with the server's group commit: another
 * process holds SQLite's write lock while a client edits, so the server's commit of that edit
 * waits (SQLite's busy timeout, 5 s) or fails. Another client of the board must not see the
 * edit while the commit waits, must see it once it is stored, and must never see it when it
 * could not be stored. A relay sent before its commit, in the same turn or the next, would
 * reach that client while the lock is held.
 */
import { join } from 'node:path'
import { CLOSE, createNote } from '@sensemaking/shared'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../server/src/storage/sqliteStorage'
import {
  type BoardAccess,
  type BoardClient,
  clientOf,
  createBoards,
  healthy,
  noteIds,
  ServerUnderTest,
  waitFor,
} from './support'

/** The server's SQLite busy timeout (sqliteStorage.ts): a commit waits this long for a lock. */
const BUSY_TIMEOUT_MS = 5000

/** True when the server does not answer /healthz within `ms`: its event loop is held. */
async function stalled(url: string, ms: number): Promise<boolean> {
  const answered = await Promise.race([
    healthy(url),
    new Promise<false>((r) => setTimeout(() => r(false), ms)),
  ])
  return !answered
}

/** The stored rows of a board, as text (to look for a note's words). */
function storedText(db: Database.Database, boardId: string): string {
  const rows = db.prepare('SELECT data FROM updates WHERE board_id = ?').all(boardId) as {
    data: Buffer
  }[]
  const snap = db.prepare('SELECT data FROM snapshots WHERE board_id = ?').all(boardId) as {
    data: Buffer
  }[]
  return Buffer.concat([...rows, ...snap].map((r) => r.data)).toString('latin1')
}

describe('[G13] relay after commit', () => {
  const sut = new ServerUnderTest()
  const clients: BoardClient[] = []
  let locker: Database.Database | null = null
  afterAll(async () => {
    if (locker?.inTransaction) locker.exec('ROLLBACK')
    locker?.close()
    for (const c of clients) c.destroy()
    await sut.dispose()
  })

  async function pair(board: BoardAccess) {
    const writer = clientOf(sut, board, 'writer')
    const watcher = clientOf(sut, board, 'watcher')
    clients.push(writer, watcher)
    await Promise.all([writer.whenSynced(30_000), watcher.whenSynced(30_000)])
    return { writer, watcher }
  }

  it('[G13] an edit reaches nobody while its commit waits on the disk, and everybody once stored', async () => {
    await sut.start()
    const [board] = await createBoards(sut.server, 1)
    const { writer, watcher } = await pair(board!)
    locker = new Database(join(sut.dataDir, DB_FILE), { timeout: 10_000 })
    locker.exec('BEGIN IMMEDIATE')
    createNote(writer.doc, { id: 'held', text: 'waits for its commit', column: 'what' })
    // The server took the edit and now waits for the lock in its commit: it answers nothing.
    await waitFor('the server to wait on the lock', () => stalled(sut.url, 300), 4000)
    expect(noteIds(watcher).has('held')).toBe(false)
    expect(storedText(locker, board!.id)).not.toContain('waits for its commit')
    locker.exec('COMMIT')
    await waitFor('the watcher to see the edit', () => noteIds(watcher).has('held'), 15_000)
    expect(storedText(locker, board!.id)).toContain('waits for its commit')
    expect(writer.terminal).toBeNull()
  }, 60_000)

  it('[G13] an edit whose commit fails is relayed to nobody: the board closes with 4503', async () => {
    const [board] = await createBoards(sut.server, 1)
    const { writer, watcher } = await pair(board!)
    const db = locker!
    db.exec('BEGIN IMMEDIATE')
    const t0 = Date.now()
    createNote(writer.doc, { id: 'lost', text: 'never stored in time', column: 'what' })
    await waitFor(
      'the watcher to be closed with 4503',
      () => (watcher.closes.get(CLOSE.storageUnavailable.code) ?? 0) > 0,
      BUSY_TIMEOUT_MS + 15_000,
    )
    expect(Date.now() - t0).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 500)
    expect(noteIds(watcher).has('lost')).toBe(false)
    expect(storedText(db, board!.id)).not.toContain('never stored in time')
    expect(writer.closes.get(CLOSE.storageUnavailable.code) ?? 0).toBeGreaterThan(0)
    db.exec('COMMIT')
    // 4503 is retried: once storage takes writes again, the writer's reconnect brings the
    // edit back and it is stored, then relayed.
    await waitFor('the edit after recovery', () => noteIds(watcher).has('lost'), 30_000)
    expect(storedText(db, board!.id)).toContain('never stored in time')
    expect(await healthy(sut.url)).toBe(true)
  }, 90_000)
})
