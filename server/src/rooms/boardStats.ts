/** The live figures of a board that the session dashboard shows, from its document. */
import {
  clustersMap,
  notesMap,
  PARKING_LOT,
  readCluster,
  readMeta,
  readNote,
  readTimer,
  UNTAGGED,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import { RecentKeeper, themeFigures } from '../live/roomDigest'
import type { BoardState, BoardStats } from '../storage/types'

/** Count a board's live notes per column (and parking lot) and per lever (and untagged). */
export function computeStats(doc: Y.Doc, now: number): BoardStats {
  const meta = readMeta(doc)
  const byColumn: Record<string, number> = {}
  const byLever: Record<string, number> = {}
  const byLeverColumn: Record<string, Record<string, number>> = {}
  for (const c of meta.columns) byColumn[c.id] = 0
  byColumn[PARKING_LOT] = 0
  for (const t of meta.tags) byLever[t.id] = 0
  byLever[UNTAGGED] = 0
  let total = 0
  const recent = new RecentKeeper()
  const members = new Map<string, number>()
  notesMap(doc).forEach((value, id) => {
    const { note } = readNote(id, value, meta)
    if (!note || note.deletedAt !== null) return
    total++
    recent.offer(note)
    if (note.clusterId !== null) members.set(note.clusterId, (members.get(note.clusterId) ?? 0) + 1)
    const col = note.column ?? PARKING_LOT
    byColumn[col] = (byColumn[col] ?? 0) + 1
    const lever = note.lever ?? UNTAGGED
    byLever[lever] = (byLever[lever] ?? 0) + 1
    const cell = byLeverColumn[lever] ?? {}
    byLeverColumn[lever] = cell
    cell[col] = (cell[col] ?? 0) + 1
  })
  const state = { phase: meta.phase, locked: meta.locked, timer: readTimer(doc) }
  const themes: { id: string; title: string }[] = []
  clustersMap(doc).forEach((value, id) => {
    const { cluster } = readCluster(id, value, meta)
    if (cluster) themes.push(cluster)
  })
  return {
    title: meta.title,
    notes: { total, byColumn },
    byLever,
    byLeverColumn,
    state,
    recent: recent.notes(),
    themes: themeFigures(themes, members),
    updatedAt: now,
  }
}

/** Figures of a board nobody has written to yet. */
export function emptyStats(title: string, now: number): BoardStats {
  return {
    title,
    notes: { total: 0, byColumn: {} },
    byLever: {},
    byLeverColumn: {},
    updatedAt: now,
  }
}

/** The state of a board whose figures predate it: as a fresh board starts. */
export const INITIAL_STATE: BoardState = { phase: null, locked: false, timer: { status: 'idle' } }
