/**
 * The facilitators' message [F8.4] in the status line under the top bar, for everyone on the
 * board: one line, opened in full with a press. It goes once it has run its course (the phase
 * or the timer moved on, `broadcastExpired`); each person may also hide it, and a facilitator
 * may clear it for everyone. A new message shows again.
 */
import { broadcastExpired, setBroadcast } from '@sensemaking/shared'
import { useId, useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { useBoardSelector } from '../../board/useBoardSelector'
import { Icon } from '../../lib/Icon'
import { FACILITATION_ORIGIN } from '../origin'
import { serverNow } from '../timer/serverClock'
import { useRemaining } from '../timer/useRemaining'

const key = (boardId: string) => `sensemaking:broadcast-dismissed:${boardId}`

function dismissedAt(boardId: string): number | null {
  try {
    const v = Number(sessionStorage.getItem(key(boardId)))
    return Number.isFinite(v) && v > 0 ? v : null
  } catch {
    return null
  }
}

export function BroadcastBanner() {
  const { doc, boardId, meta, role } = useBoard()
  const b = useBoardSelector((s) => s.broadcast)
  const timer = useBoardSelector((s) => s.timer)
  // Re-renders as the timer counts down, so a message ends with the run it belonged to.
  useRemaining(timer)
  const [dismissed, setDismissed] = useState(() => dismissedAt(boardId))
  const [open, setOpen] = useState(false)
  const textId = useId()
  const expired =
    b !== null && broadcastExpired(b, { phase: meta.phase, timer, serverNow: serverNow() })
  const shown = b && b.at !== dismissed && !expired ? b : null
  return (
    <div className="broadcast-slot" aria-live="polite">
      {shown && (
        <div
          className={`broadcast status-item${open ? ' open' : ''}`}
          role="status"
          data-testid="broadcast"
        >
          <Icon name="megaphone" />
          <button
            type="button"
            className="broadcast-text"
            id={textId}
            aria-expanded={open}
            title={open ? undefined : shown.message}
            onClick={() => setOpen((o) => !o)}
          >
            <span className="sr-only">Message from the facilitator: </span>
            <span dir="auto">{shown.message}</span>
            {shown.from && <span className="broadcast-from"> — {shown.from}</span>}
          </button>
          {open && role === 'facilitator' && (
            <button
              type="button"
              className="btn ghost small"
              data-action="clear-broadcast-everyone"
              onClick={() => setBroadcast(doc, null, { origin: FACILITATION_ORIGIN })}
            >
              Clear for everyone
            </button>
          )}
          <button
            type="button"
            className="btn ghost small broadcast-hide"
            aria-label="Dismiss the message"
            title="Dismiss the message (for you)"
            onClick={() => {
              setDismissed(shown.at)
              try {
                sessionStorage.setItem(key(boardId), String(shown.at))
              } catch {
                // Not kept across a reload: it shows again, no harm.
              }
            }}
          >
            ✕
          </button>
        </div>
      )}
    </div>
  )
}
