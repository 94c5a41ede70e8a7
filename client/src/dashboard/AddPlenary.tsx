/** A session without a plenary: one click adds it (SESSION-SPEC SE1.2). */
import { useState } from 'react'
import { addPlenary } from '../lib/api'
import { ApiError } from '../lib/http'

export function AddPlenary({
  sessionId,
  token,
  onAdded,
}: {
  sessionId: string
  token: string
  onAdded: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      await addPlenary(sessionId, token)
      onAdded()
    } catch (e) {
      // Another facilitator added it meanwhile: the dashboard shows theirs.
      if (e instanceof ApiError && e.code === 'plenary_exists') onAdded()
      else setError(e instanceof ApiError ? e.message : 'The plenary could not be added.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="dash-panel add-plenary">
      <p>
        A plenary is a board where the rooms come together: send notes and themes to it from any
        room, each keeping where it came from.
      </p>
      <button type="button" className="btn primary" disabled={busy} onClick={() => void add()}>
        {busy ? 'Adding…' : 'Add a plenary'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
