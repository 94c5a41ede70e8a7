/** The live vote as this person sees it, selected from the board's read model. */
import type { BoardContextValue } from '../../board/BoardContext'
import { useStoreSelector } from '../../board/useBoardSelector'
import { type VoteSnapshot, voteSnapshot } from './votes'

export function useVotes(board: Pick<BoardContextValue, 'store' | 'user'>): VoteSnapshot {
  const voter = board.user.id
  return useStoreSelector(board.store, (s) => voteSnapshot(s, voter))
}
