/**
 * "Send to plenary": copies of the chosen notes and themes go to the session's plenary with
 * their provenance (SESSION-SPEC SE2), and a polite status line says what happened.
 * `SendToPlenaryButton` sends from the board of the page (shown only where its link may send);
 * `SendButton` from any board, as the dashboard does.
 */
import './plenary.css'
import { useEffect, useState } from 'react'
import { sendToPlenary } from '../lib/api'
import { ApiError } from '../lib/http'
import { describeDelivery } from './delivery'
import { maySendFrom, usePlenaryLink } from './PlenaryContext'

/** How long the outcome stays on screen. */
const SHOWN_MS = 8000

export interface SendProps {
  notes: readonly string[]
  themes?: readonly string[]
  /** Called after a send that reached the server (to clear a selection, say). */
  onSent?: () => void
  /** The button's words; default "Send to <plenary>". */
  label?: string
  /** For screen readers, after the label: what is sent ("“Heat pumps”"). */
  what?: string
}

export function SendButton({
  target,
  token,
  from,
  notes,
  themes = [],
  onSent,
  label,
  what,
}: SendProps & { target: { id: string; name: string }; token: string; from: string }) {
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<string | null>(null)
  useEffect(() => {
    if (said === null) return
    const t = setTimeout(() => setSaid(null), SHOWN_MS)
    return () => clearTimeout(t)
  }, [said])
  const count = notes.length + themes.length
  const send = async () => {
    setBusy(true)
    try {
      const r = await sendToPlenary(target.id, token, {
        from,
        notes: [...notes],
        themes: [...themes],
      })
      setSaid(describeDelivery(r, target.name))
      onSent?.()
    } catch (e) {
      setSaid(e instanceof ApiError ? `Not sent: ${e.message}` : 'Not sent.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="send-to-plenary">
      <button
        type="button"
        className="btn small"
        disabled={busy || count === 0}
        onClick={() => void send()}
        data-send-to-plenary=""
      >
        {busy ? 'Sending…' : (label ?? `Send to ${target.name}`)}
        {what && <span className="sr-only"> {what}</span>}
      </button>
      <span className="send-outcome" role="status" aria-live="polite">
        {said}
      </span>
    </span>
  )
}

/** Send from the page's own board, when its link may. */
export function SendToPlenaryButton(props: SendProps) {
  const link = usePlenaryLink()
  if (!maySendFrom(link)) return null
  return <SendButton target={link.target} token={link.token} from={link.boardId} {...props} />
}
