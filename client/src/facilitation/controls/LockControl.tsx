/**
 * The facilitator locks or unlocks the whole board: participants become read-only, and
 * the server refuses their writes too [F2.6]. Single notes and themes are locked from the
 * canvas's selection toolbar (LockSelectionButton).
 */
import { setLocked } from '@sensemaking/shared'
import { useBoard } from '../../board/BoardContext'
import { FACILITATION_ORIGIN } from '../origin'

export function LockControl() {
  const { doc, meta } = useBoard()
  return (
    <fieldset className="fac-group">
      <legend>Board</legend>
      <div className="fac-row">
        <button
          type="button"
          className={`btn small${meta.locked ? ' primary' : ''}`}
          aria-pressed={meta.locked}
          data-action="lock-board"
          onClick={() => setLocked(doc, !meta.locked, { origin: FACILITATION_ORIGIN })}
        >
          {meta.locked ? 'Unlock the board' : 'Lock the board'}
        </button>
      </div>
      <p className="fac-hint">
        {meta.locked
          ? 'Participants read but cannot write.'
          : 'Locking makes the board read-only for participants.'}
      </p>
    </fieldset>
  )
}
