/**
 * The PostgreSQL side of board epochs [F10], as in SQLite: one row per rebased board with its
 * epoch, the previous epoch's last state (deflated) and every retired client (a JSON array).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { checksum } from '../checksum'
import type { RebaseRecord } from '../types'
import type { PgQuery, SyncPg } from './syncPg'

interface RebaseRow {
  epoch: number
  base: Uint8Array
  base_crc: number
  retired: unknown
  rebased_at: number
}

const clients = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((n): n is number => Number.isInteger(n)) : []

/** The record, or null; a base failing its checksum reads as empty (nothing to diff against). */
export function readRebase(pg: SyncPg, boardId: string): RebaseRecord | null {
  const r = pg.query<RebaseRow>(
    'SELECT epoch, base, base_crc, retired, rebased_at FROM board_rebases WHERE board_id = $1',
    [boardId],
  )[0]
  if (!r) return null
  let base = new Uint8Array(0)
  if (checksum(r.base) === r.base_crc) {
    try {
      base = inflateRawSync(r.base)
    } catch {
      // Unreadable: nothing to diff against; stale devices carry over their new notes only.
    }
  }
  return { epoch: r.epoch, base, retired: clients(r.retired), rebasedAt: r.rebased_at }
}

/** The statement recording the next epoch (run inside the rebase's transaction); gives `epoch`. */
export function rebaseQuery(
  boardId: string,
  base: Uint8Array,
  retired: readonly number[],
  now: number,
): PgQuery {
  const packed = deflateRawSync(base)
  return {
    text: `INSERT INTO board_rebases (board_id, epoch, base, base_crc, retired, rebased_at)
           VALUES ($1, 1, $2, $3, $4::jsonb, $5)
           ON CONFLICT (board_id) DO UPDATE SET epoch = board_rebases.epoch + 1,
             base = EXCLUDED.base, base_crc = EXCLUDED.base_crc, rebased_at = EXCLUDED.rebased_at,
             retired = coalesce((SELECT jsonb_agg(DISTINCT x) FROM
               jsonb_array_elements(board_rebases.retired || EXCLUDED.retired) AS x), '[]'::jsonb)
           RETURNING epoch`,
    values: [boardId, packed, checksum(packed), JSON.stringify([...new Set(retired)]), now],
  }
}
