/**
 * The facilitator's dot vote [F8.2]: open one with N dots per person (fresh, or keeping the
 * dots of the last one), close it to show the totals, or put the results away.
 */
import { setVote } from '@sensemaking/shared'
import { useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { FACILITATION_ORIGIN } from '../origin'
import { useVotes } from './useVotes'
import { openVote } from './voteActions'

const MAX_DOTS = 20

export function VoteControls() {
  const board = useBoard()
  const { doc } = board
  const s = useVotes(board)
  const [dots, setDots] = useState('3')
  const n = Number(dots)
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_DOTS
  const round = s.vote.status === 'none' ? 1 : s.vote.round + 1
  const placed = [...s.totals.values()].reduce((a, b) => a + b, 0)

  if (s.vote.status === 'open') {
    const { dotsPerPerson, round: r } = s.vote
    return (
      <fieldset className="fac-group">
        <legend>Dot vote</legend>
        <p className="fac-hint" data-testid="vote-progress">
          Open: {dotsPerPerson} dot{dotsPerPerson === 1 ? '' : 's'} each · {placed} placed by{' '}
          {s.voters} {s.voters === 1 ? 'person' : 'people'}
        </p>
        <div className="fac-row">
          <button
            type="button"
            className="btn small primary"
            data-action="close-vote"
            onClick={() =>
              setVote(
                doc,
                { status: 'closed', dotsPerPerson, round: r },
                { origin: FACILITATION_ORIGIN },
              )
            }
          >
            Close and show totals
          </button>
        </div>
      </fieldset>
    )
  }
  return (
    <fieldset className="fac-group">
      <legend>Dot vote</legend>
      <form
        className="fac-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) openVote(doc, n, round, true)
        }}
      >
        <label className="fac-inline">
          <span>Dots each</span>
          <input
            type="number"
            min="1"
            max={MAX_DOTS}
            value={dots}
            onChange={(e) => setDots(e.target.value)}
            aria-invalid={!valid}
            data-testid="vote-dots"
          />
        </label>
        <button type="submit" className="btn small" disabled={!valid} data-action="open-vote">
          {placed > 0 ? 'New vote, clear dots' : 'Open a vote'}
        </button>
        {placed > 0 && (
          <button
            type="button"
            className="btn small"
            disabled={!valid}
            onClick={() => openVote(doc, n, round, false)}
          >
            Reopen, keep dots
          </button>
        )}
      </form>
      {s.vote.status === 'closed' && (
        <div className="fac-row">
          <span className="fac-hint">Totals are shown on the notes.</span>
          <button
            type="button"
            className="btn small"
            onClick={() => setVote(doc, { status: 'none' }, { origin: FACILITATION_ORIGIN })}
          >
            Hide results
          </button>
        </div>
      )}
    </fieldset>
  )
}
