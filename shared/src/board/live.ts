/**
 * What every view counts the same way, over plain views of the board (NoteView, ClusterView):
 * which notes are live and which themes lock their notes.
 */
import type { ClusterView, NoteView } from './types'

/** A note that is not soft-deleted [F3.6]: every view and count shows live notes only. */
export function isLive(note: Pick<NoteView, 'deletedAt'>): boolean {
  return note.deletedAt === null
}

/** The live notes of a collection, in the order given. */
export function liveNotes<T extends Pick<NoteView, 'deletedAt'>>(notes: Iterable<T>): T[] {
  const out: T[] = []
  for (const n of notes) if (n.deletedAt === null) out.push(n)
  return out
}

/** The ids of the locked themes [F8.5]: their notes are read-only for participants [F8.8]. */
export function lockedThemeIds(
  clusters: Iterable<Pick<ClusterView, 'id' | 'locked'>>,
): Set<string> {
  const out = new Set<string>()
  for (const c of clusters) if (c.locked) out.add(c.id)
  return out
}

/** True when the note sits in a locked theme [F8.8]. */
export function inLockedTheme(
  note: Pick<NoteView, 'clusterId'>,
  lockedThemes: ReadonlySet<string>,
): boolean {
  return note.clusterId !== null && lockedThemes.has(note.clusterId)
}
