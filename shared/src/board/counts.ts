/**
 * Live notes counted per column, per lever and per lever × column: what the session dashboard
 * shows for each room and the board's lever legend counts. Keys are the harvest summary's
 * [H8], so the dashboard and a harvest of the same board agree.
 */
import { PARKING_LOT, UNTAGGED } from '../harvest/keys'
import { isLive } from './live'
import type { BoardMeta, NoteView } from './types'

export interface NoteCounts {
  /** Live notes. */
  total: number
  /** Column id (or `parkingLot`) → live notes; every column of the board is present. */
  byColumn: Record<string, number>
  /** Lever id (or `untagged`) → live notes; every tag of the board is present. */
  byLever: Record<string, number>
  /** Lever id (or `untagged`) → column id (or `parkingLot`) → live notes; no zero cells. */
  byLeverColumn: Record<string, Record<string, number>>
}

/** Count the live notes among `notes`, read against the board's columns and tags. */
export function countNotes(
  notes: Iterable<Pick<NoteView, 'column' | 'lever' | 'deletedAt'>>,
  meta: Pick<BoardMeta, 'columns' | 'tags'>,
): NoteCounts {
  const byColumn: Record<string, number> = {}
  const byLever: Record<string, number> = {}
  const byLeverColumn: Record<string, Record<string, number>> = {}
  for (const c of meta.columns) byColumn[c.id] = 0
  byColumn[PARKING_LOT] = 0
  for (const t of meta.tags) byLever[t.id] = 0
  byLever[UNTAGGED] = 0
  let total = 0
  for (const note of notes) {
    if (!isLive(note)) continue
    total++
    const col = note.column ?? PARKING_LOT
    byColumn[col] = (byColumn[col] ?? 0) + 1
    const lever = note.lever ?? UNTAGGED
    byLever[lever] = (byLever[lever] ?? 0) + 1
    const cell = byLeverColumn[lever] ?? {}
    byLeverColumn[lever] = cell
    cell[col] = (cell[col] ?? 0) + 1
  }
  return { total, byColumn, byLever, byLeverColumn }
}
