/** Writes of dot voting: a person's dots [F5] and the facilitator's vote state [F8.2]. */
import { notesMap, setVote, setVotes, votesMap } from '@sensemaking/shared'
import * as Y from 'yjs'
import { UI_ORIGIN } from '../../board/origins'
import { FACILITATION_ORIGIN } from '../origin'
import { nextDots, type VoteSnapshot } from './votes'

/**
 * Add or take back one of `voterId`'s dots on a note; false when the vote does not allow it.
 * Written with the views' origin, so undo takes a dot back like any other own change.
 */
export function changeDots(
  doc: Y.Doc,
  s: VoteSnapshot,
  noteId: string,
  voterId: string,
  delta: 1 | -1,
): boolean {
  const n = nextDots(s, noteId, delta)
  if (n === null) return false
  setVotes(doc, noteId, voterId, n, { origin: UI_ORIGIN })
  return true
}

/** Open a vote with `dots` per person; `fresh` takes everyone's earlier dots off first. */
export function openVote(doc: Y.Doc, dots: number, round: number, fresh: boolean): void {
  doc.transact(() => {
    if (fresh) {
      votesMap(doc).forEach((perVoter, noteId) => {
        if (!(perVoter instanceof Y.Map) || !notesMap(doc).has(noteId)) return
        for (const voter of [...perVoter.keys()]) {
          setVotes(doc, noteId, voter, 0, { origin: FACILITATION_ORIGIN })
        }
      })
    }
    setVote(doc, { status: 'open', dotsPerPerson: dots, round }, { origin: FACILITATION_ORIGIN })
  }, FACILITATION_ORIGIN)
}
