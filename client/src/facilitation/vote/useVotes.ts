/** The live vote as this person sees it, selected from the board's read model. */
import type { BoardContextValue } from '../../board/BoardContext'
import type { BoardStore } from '../../board/boardStore'
import { sliceOf, useStoreSelector } from '../../board/useBoardSelector'
import { type VoteSnapshot, voteSnapshot } from './votes'

/**
 * What a note's dots read: the vote, the dots, the settings (the policy), and while a vote is
 * on the notes too (a deleted note gives its dots back [F5.4]). With no vote, a keystroke in
 * a note wakes none of the dot controls of a 5,000-note board.
 */
export const voteSlice = (store: BoardStore) =>
  sliceOf(store, 'vote', (s) => [
    s.vote,
    s.votes,
    s.meta,
    s.vote.status === 'none' ? null : s.notes,
  ])

export function useVotes(board: Pick<BoardContextValue, 'store' | 'user'>): VoteSnapshot {
  const voter = board.user.id
  return useStoreSelector(voteSlice(board.store), (s) => voteSnapshot(s, voter))
}
