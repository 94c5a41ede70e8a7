/** Dot votes [F5]: note id → Y.Map of voter id → dots. */
import * as Y from 'yjs'
import { dotsUsed } from './dots'
import { BOARD_ERROR, BoardError } from './errors'
import type { WriteOptions } from './notes'
import { notesMap, readMeta, readNote, readVotes, votesMap } from './read'

/** Set how many dots `voterId` puts on a note (0 removes them). */
export function setVotes(
  doc: Y.Doc,
  noteId: string,
  voterId: string,
  dots: number,
  opts: WriteOptions = {},
): void {
  if (!(notesMap(doc).get(noteId) instanceof Y.Map)) {
    throw new BoardError(BOARD_ERROR.unknownNote, `Unknown note "${noteId}"`)
  }
  if (!Number.isInteger(dots) || dots < 0) {
    throw new BoardError(BOARD_ERROR.badValue, 'Dots must be a whole number of at least 0')
  }
  doc.transact(() => {
    const votes = votesMap(doc)
    let perVoter = votes.get(noteId)
    if (!(perVoter instanceof Y.Map)) {
      perVoter = new Y.Map<unknown>()
      votes.set(noteId, perVoter)
    }
    if (dots === 0) perVoter.delete(voterId)
    else perVoter.set(voterId, dots)
  }, opts.origin)
}

/** The dots a voter has on the board's live notes [F5.4]: a deleted note's dots come back. */
export function dotsUsedBy(doc: Y.Doc, voterId: string): number {
  const meta = readMeta(doc)
  const notes = notesMap(doc)
  const live = (id: string) => readNote(id, notes.get(id), meta).note?.deletedAt === null
  return dotsUsed(readVotes(doc).votes, live, voterId)
}
