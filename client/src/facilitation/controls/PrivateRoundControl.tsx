/**
 * The facilitator starts a round of private writing and reveals it [F8.3], and sees how
 * many drafts each person holds (counts from awareness, never their text).
 */
import { revealPrivateWriting, startPrivateWriting } from '@sensemaking/shared'
import { useBoard } from '../../board/BoardContext'
import { useBoardSelector } from '../../board/useBoardSelector'
import { FACILITATION_ORIGIN } from '../origin'
import { useAwarenessValue } from '../useAwarenessValue'
import { draftCounts } from './draftCounts'

export function PrivateRoundControl() {
  const { doc, awareness } = useBoard()
  const pw = useBoardSelector((s) => s.privateWriting)
  const counts = useAwarenessValue(awareness, draftCounts)
  const total = counts.reduce((n, c) => n + c.drafts, 0)
  return (
    <fieldset className="fac-group">
      <legend>Private writing</legend>
      <div className="fac-row">
        {pw.on ? (
          <button
            type="button"
            className="btn small primary"
            data-action="reveal"
            onClick={() => revealPrivateWriting(doc, { origin: FACILITATION_ORIGIN })}
          >
            Reveal{total > 0 ? ` ${total} draft${total === 1 ? '' : 's'}` : ''}
          </button>
        ) : (
          <button
            type="button"
            className="btn small"
            data-action="start-private"
            onClick={() => startPrivateWriting(doc, { origin: FACILITATION_ORIGIN })}
          >
            Start private writing
          </button>
        )}
      </div>
      {pw.on && (
        <p className="fac-hint">New notes stay on each writer's device until you reveal them.</p>
      )}
      {counts.length > 0 && (
        <ul className="fac-list" aria-label="Drafts held">
          {counts.map((c) => (
            <li key={c.id}>
              <span>
                {c.name}
                {c.city && <span className="muted"> · {c.city}</span>}
              </span>
              <span className="fac-count">
                {c.drafts} draft{c.drafts === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
