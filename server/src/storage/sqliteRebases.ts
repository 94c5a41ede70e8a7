/**
 * The SQLite side of board epochs [F10]: one row per rebased board with its epoch, the
 * previous epoch's last state, and the retired clients (a JSON array: a few hundred numbers).
 * The base is read only when a stale device comes back, so it is stored deflated: a history
 * of tombstones shrinks to about a quarter.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type Database from 'better-sqlite3'
import { checksum } from './checksum'
import type { RebaseRecord } from './types'

export const REBASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS board_rebases (
  board_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, base BLOB NOT NULL, base_crc INTEGER NOT NULL,
  retired TEXT NOT NULL, rebased_at INTEGER NOT NULL);
`

interface RebaseRow {
  epoch: number
  base: Buffer
  base_crc: number
  retired: string
  rebased_at: number
}

/** The stored list; an unreadable one retires nobody (the base still serves those who ask). */
function parseRetired(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : []
  } catch {
    return []
  }
}

export class SqliteRebases {
  private readonly getRow
  private readonly getRetired
  private readonly putRow

  constructor(db: Database.Database) {
    this.getRow = db.prepare<[string], RebaseRow>(
      'SELECT epoch, base, base_crc, retired, rebased_at FROM board_rebases WHERE board_id = ?',
    )
    this.getRetired = db.prepare<[string], { retired: string }>(
      'SELECT retired FROM board_rebases WHERE board_id = ?',
    )
    this.putRow = db.prepare(
      'INSERT OR REPLACE INTO board_rebases (board_id, epoch, base, base_crc, retired, rebased_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
  }

  /** The record, or null; a base failing its checksum reads as empty (nothing to diff against). */
  read(boardId: string): RebaseRecord | null {
    const r = this.getRow.get(boardId)
    if (!r) return null
    const retired = parseRetired(r.retired)
    let base = new Uint8Array(0)
    if (checksum(r.base) === r.base_crc) {
      try {
        base = inflateRawSync(r.base)
      } catch {
        // Unreadable: nothing to diff against; stale devices carry over their new notes only.
      }
    }
    return { epoch: r.epoch, base, retired, rebasedAt: r.rebased_at }
  }

  /** The retired clients alone (every board load asks; the base is read only when asked for). */
  retired(boardId: string): number[] {
    const r = this.getRetired.get(boardId)
    return r ? parseRetired(r.retired) : []
  }

  /** Record the next epoch (call inside the rebase's transaction); returns it. */
  write(boardId: string, base: Uint8Array, retired: readonly number[], now: number): number {
    const prev = this.read(boardId)
    const epoch = (prev?.epoch ?? 0) + 1
    const all = [...new Set([...(prev?.retired ?? []), ...retired])]
    const packed = deflateRawSync(base)
    this.putRow.run(boardId, epoch, packed, checksum(packed), JSON.stringify(all), now)
    return epoch
  }
}
