/**
 * The facilitators' message [F8.4], as a banner under the top bar for everyone on the
 * board. Each person may dismiss it; a new message shows again.
 */
import { useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { useBoardSelector } from '../../board/useBoardSelector'

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
  const { boardId } = useBoard()
  const b = useBoardSelector((s) => s.broadcast)
  const [dismissed, setDismissed] = useState(() => dismissedAt(boardId))
  const shown = b && b.at !== dismissed ? b : null
  return (
    <div className="broadcast-slot" aria-live="polite">
      {shown && (
        <div className="broadcast-banner" role="status" data-testid="broadcast">
          <span className="broadcast-icon" aria-hidden="true">
            📣
          </span>
          <p dir="auto">
            <span className="sr-only">Message from the facilitator: </span>
            {shown.message}
            {shown.from && <span className="broadcast-from"> — {shown.from}</span>}
          </p>
          <button
            type="button"
            className="btn ghost small"
            aria-label="Dismiss the message"
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
