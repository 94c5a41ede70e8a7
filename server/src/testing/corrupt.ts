/** Test helpers that damage stored data the way a torn write or bit rot would. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DB_FILE } from '../storage/sqliteStorage'

/** Overwrite a stored update row's bytes without fixing its checksum. */
export function corruptSqliteRow(dataDir: string, seq: number): void {
  const db = new Database(join(dataDir, DB_FILE))
  try {
    db.prepare('UPDATE updates SET data = ? WHERE seq = ?').run(Buffer.from([1, 2, 3]), seq)
  } finally {
    db.close()
  }
}

/** Overwrite a board's snapshot bytes without fixing its checksum. */
export function corruptSqliteSnapshot(dataDir: string, boardId: string): void {
  const db = new Database(join(dataDir, DB_FILE))
  try {
    db.prepare('UPDATE snapshots SET data = ? WHERE board_id = ?').run(Buffer.from([9]), boardId)
  } finally {
    db.close()
  }
}
