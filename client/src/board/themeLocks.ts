/**
 * A theme's lock reaches its notes [F8.8]: a note in a locked theme is read-only for
 * participants, as if it were locked itself. Views read a note's lock through these helpers.
 */
import { type BoardMeta, clustersMap, readCluster } from '@sensemaking/shared'
import type * as Y from 'yjs'

/** The ids of the board's locked themes. */
export function lockedThemes(doc: Y.Doc, meta: BoardMeta): Set<string> {
  const out = new Set<string>()
  clustersMap(doc).forEach((v, id) => {
    if (readCluster(id, v, meta).cluster?.locked) out.add(id)
  })
  return out
}

/** The note with `locked` true when it, or the theme it is in, is locked. */
export function withThemeLock<T extends { locked: boolean; clusterId: string | null }>(
  note: T,
  locked: ReadonlySet<string>,
): T {
  if (note.locked || note.clusterId === null || !locked.has(note.clusterId)) return note
  return { ...note, locked: true }
}
