/**
 * What the project's SQLite storage holds for one board, read from its file after a clean stop
 * (read-only). Tolerant: a schema it does not know gives null, never a failed benchmark.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'

export interface StoredBoardBytes {
  /** Bytes of the board's snapshot row. */
  snapshotBytes: number
  /** Bytes and count of the board's update rows after the snapshot. */
  logBytes: number
  logRows: number
  /** The database file's pages, and the free ones among them (space not given back). */
  fileBytes: number
  freeBytes: number
}

export function storedBoardBytes(
  dataDir: string,
  boardId: string,
  file = 'boards.sqlite',
): StoredBoardBytes | null {
  let db: Database.Database | null = null
  try {
    db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true })
    const pageSize = db.pragma('page_size', { simple: true }) as number
    const pages = db.pragma('page_count', { simple: true }) as number
    const free = db.pragma('freelist_count', { simple: true }) as number
    const snap = db
      .prepare('SELECT length(data) AS n FROM snapshots WHERE board_id = ?')
      .get(boardId) as { n: number } | undefined
    const log = db
      .prepare(
        'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS n FROM updates WHERE board_id = ?',
      )
      .get(boardId) as { rows: number; n: number }
    return {
      snapshotBytes: snap?.n ?? 0,
      logBytes: log.n,
      logRows: log.rows,
      fileBytes: pageSize * pages,
      freeBytes: pageSize * free,
    }
  } catch {
    return null
  } finally {
    db?.close()
  }
}
