/**
 * The dot vote as everyone sees it in the top bar: while open, the dots this person has
 * left; once closed, that totals are on the notes, with the most-dotted notes listed.
 */
import { whyNotVote } from '@sensemaking/shared'
import { useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { actorOf, policyOf } from '../../board/selectors'
import { useBoardSelector } from '../../board/useBoardSelector'
import { useVotes } from './useVotes'
import { dotsLeft, ranking } from './votes'

export function VoteStatus() {
  const board = useBoard()
  const s = useVotes(board)
  // The notes' words, for the results only (not drawn again while people type during a vote).
  const notes = useBoardSelector((state) => (s.vote.status === 'closed' ? state.notes : null))
  const policy = useBoardSelector(policyOf)
  const [open, setOpen] = useState(false)
  if (s.vote.status === 'none') return null
  if (s.vote.status === 'open') {
    const voter = whyNotVote(actorOf(board), policy) === null
    const left = dotsLeft(s)
    return (
      <span className="vote-chip open" data-testid="vote-status" data-dots-left={voter ? left : ''}>
        <span aria-hidden="true">●</span>{' '}
        {voter ? (
          // On a phone the words in .vote-of are read out but not shown: "● 3 left".
          <>
            {left}
            <span className="vote-of">
              {` of ${s.vote.dotsPerPerson} dot${s.vote.dotsPerPerson === 1 ? '' : 's'}`}
            </span>{' '}
            left
          </>
        ) : (
          'Dot vote open'
        )}
      </span>
    )
  }
  const top = ranking(s)
  const text = (id: string) => {
    const n = notes?.get(id)
    return n?.text.trim() || 'Empty note'
  }
  return (
    <div className="vote-results">
      <button
        type="button"
        className="vote-chip closed"
        data-testid="vote-status"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Vote results
      </button>
      {open && (
        <div className="popover vote-popover" role="dialog" aria-label="Most dots">
          {top.length === 0 ? (
            <p className="muted">No dots were placed.</p>
          ) : (
            <ol className="vote-top">
              {top.map((t) => (
                <li key={t.noteId}>
                  <span className="vote-top-text" dir="auto">
                    {text(t.noteId)}
                  </span>
                  <span className="fac-count">
                    {t.dots} dot{t.dots === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  )
}
