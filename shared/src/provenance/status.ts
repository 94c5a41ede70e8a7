/**
 * "Changed since sent" [F11.7]: how a copy stands against its source. A pure function of the
 * copy and of whatever source boards the caller can load; it never throws, whatever the
 * documents hold (a source pointing nowhere, a malformed one, a loop).
 */
import type * as Y from 'yjs'
import { notesMap, readBoard, readMeta, readNote } from '../board/read'
import type { NoteView } from '../board/types'
import { membersOf } from './send'
import { noteDigest, type ThemeSource, themeDigest } from './source'

export const SOURCE_STATUS = {
  /** The source says what it said when sent. */
  unchanged: 'unchanged',
  /** The source changed since it was sent: a refresh would bring the change over. */
  changed: 'changed',
  /** The source note was deleted on its board (it may be restored there). */
  deleted: 'deleted',
  /** The source board holds no such note or theme (purged, or never there). */
  noSource: 'no-source',
  /** The source board cannot be found. */
  noBoard: 'no-board',
  /** The source names the copy's own board, or names back the copy itself. */
  loop: 'loop',
} as const
export type SourceStatus = (typeof SOURCE_STATUS)[keyof typeof SOURCE_STATUS]

/** A board's document by its id, or null when there is none (or the caller may not read it). */
export type BoardLookup = (boardId: string) => Y.Doc | null

/**
 * How a copy on board `ownBoardId` stands against its source [F11.7]; null when the note is no
 * copy. Looks one step back only: a copy of a copy is compared with the copy it was sent from.
 */
export function noteSourceStatus(
  copy: Pick<NoteView, 'id' | 'source'>,
  ownBoardId: string,
  lookup: BoardLookup,
): SourceStatus | null {
  const s = copy.source
  if (!s) return null
  if (s.boardId === ownBoardId) return SOURCE_STATUS.loop
  const doc = lookup(s.boardId)
  if (!doc) return SOURCE_STATUS.noBoard
  const src = readNote(s.noteId, notesMap(doc).get(s.noteId), readMeta(doc)).note
  if (!src) return SOURCE_STATUS.noSource
  if (src.source?.boardId === ownBoardId && src.source.noteId === copy.id) {
    return SOURCE_STATUS.loop
  }
  if (src.deletedAt !== null) return SOURCE_STATUS.deleted
  return noteDigest(src) === s.digest ? SOURCE_STATUS.unchanged : SOURCE_STATUS.changed
}

/** How one source of a theme copy on board `ownBoardId` stands [F11.7]. */
export function themeSourceStatus(
  source: ThemeSource,
  ownBoardId: string,
  lookup: BoardLookup,
): SourceStatus {
  if (source.boardId === ownBoardId) return SOURCE_STATUS.loop
  const doc = lookup(source.boardId)
  if (!doc) return SOURCE_STATUS.noBoard
  const snap = readBoard(doc)
  const src = snap.clusters.find((c) => c.id === source.clusterId)
  if (!src) return SOURCE_STATUS.noSource
  const members = membersOf(snap, src.id).map((n) => n.id)
  return themeDigest(src.title, members) === source.digest
    ? SOURCE_STATUS.unchanged
    : SOURCE_STATUS.changed
}
