/**
 * The dot control of one note, for any view: while a vote is open, this person's dots on
 * the note with buttons to add and take back one; once closed, the note's total for everyone.
 * The canvas wraps it (NoteDots) to keep tldraw from treating presses as a drag; the columns
 * view mounts it in each card while a vote is open.
 */

import { whyNotVote } from '@sensemaking/shared'
import type { PointerEvent } from 'react'
import type { BoardContextValue } from '../../board/BoardContext'
import { actorOf, policyOf } from '../../board/selectors'
import { useStoreSelector } from '../../board/useBoardSelector'
import { useVotes, voteSlice } from './useVotes'
import { changeDots } from './voteActions'
import { dotsLeft, nextDots } from './votes'

export function DotControl({
  board,
  noteId,
  onPointerDown,
  label,
  onDot,
  className = '',
  totalsOnly = false,
}: {
  board: BoardContextValue
  noteId: string
  onPointerDown?: (e: PointerEvent) => void
  /** The note's first words, to tell the buttons of many notes apart (the columns view). */
  label?: string
  /** Place or take back a dot the view's own way (the columns view announces it). */
  onDot?: (delta: 1 | -1) => void
  className?: string
  /** Show the closed vote's total only (an image export): nothing while the vote is open. */
  totalsOnly?: boolean
}) {
  const s = useVotes(board)
  const policy = useStoreSelector(voteSlice(board.store), policyOf)
  if (s.vote.status === 'none') return null
  const total = s.totals.get(noteId) ?? 0
  if (s.vote.status === 'closed') {
    if (total === 0) return null
    return (
      <div className="note-dots closed" data-dots-total={total} title={`${total} dots`}>
        <span aria-hidden="true">●</span> {total}
        <span className="sr-only"> dot{total === 1 ? '' : 's'}</span>
      </div>
    )
  }
  const actor = actorOf(board)
  if (totalsOnly) return null
  if (whyNotVote(actor, policy, { id: noteId, hasVoteMap: s.maps.has(noteId) }) !== null) {
    return null
  }
  const mine = s.mine.get(noteId) ?? 0
  const left = dotsLeft(s)
  const on = label ? ` on “${label}”` : ' on this note'
  const dot = (delta: 1 | -1) => (onDot ? onDot(delta) : changeDots(board, s, noteId, delta))
  return (
    <div
      className={`note-dots open ${className}`.trim()}
      data-my-dots={mine}
      onPointerDown={onPointerDown}
    >
      <button
        type="button"
        className="dot-btn"
        aria-label={`Take back a dot (${mine}${on})`}
        disabled={nextDots(actor, policy, s, noteId, -1) === null}
        data-dot="remove"
        onPointerDown={onPointerDown}
        onClick={() => dot(-1)}
      >
        −
      </button>
      <span className="my-dots" aria-hidden="true">
        {'●'.repeat(Math.min(mine, 10))}
        {mine === 0 && <span className="no-dots">○</span>}
      </span>
      <button
        type="button"
        className="dot-btn"
        aria-label={label ? `Add a dot${on} (${left} left)` : `Add a dot (${left} left)`}
        disabled={nextDots(actor, policy, s, noteId, 1) === null}
        data-dot="add"
        onPointerDown={onPointerDown}
        onClick={() => dot(1)}
      >
        +
      </button>
    </div>
  )
}
