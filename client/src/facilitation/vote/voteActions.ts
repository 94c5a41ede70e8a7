/** Writes of dot voting: a person's dots [F5] and the facilitator's vote state [F8.2]. */
import { notesMap, setVote, setVotes, votesMap } from '@sensemaking/shared'
import * as Y from 'yjs'
import type { BoardContextValue } from '../../board/BoardContext'
import { UI_ORIGIN } from '../../board/origins'
import { actorOf, policyOf } from '../../board/selectors'
import { FACILITATION_ORIGIN } from '../origin'
import { nextDots, type VoteSnapshot } from './votes'

/**
 * Add or take back one of this person's dots on a note; the new number of their dots there,
 * or null when the policy refuses it. Written with the views' origin, so undo takes a dot back
 * like any other own change.
 */
export function changeDots(
  board: Pick<BoardContextValue, 'doc' | 'role' | 'user' | 'store'>,
  s: VoteSnapshot,
  noteId: string,
  delta: 1 | -1,
): number | null {
  const n = nextDots(actorOf(board), policyOf(board.store.get()), s, noteId, delta)
  if (n === null) return null
  setVotes(board.doc, noteId, board.user.id, n, { origin: UI_ORIGIN })
  return n
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
