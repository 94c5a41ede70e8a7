/** The whole session's harvest (every board plus a summary) as JSON, Markdown or CSV files. */
import type { HarvestFormat } from '@sensemaking/shared'
import { useState } from 'react'
import { downloadBlob, fileStem } from '../export/download'
import { fetchSessionHarvest } from '../lib/api'
import { ApiError } from '../lib/http'

const FORMATS: Array<{ format: HarvestFormat; label: string; hint: string }> = [
  { format: 'json', label: 'JSON', hint: 'structured, for tools' },
  { format: 'md', label: 'Markdown', hint: 'for the written report' },
  { format: 'csv', label: 'CSV', hint: 'for spreadsheets' },
]

export function SessionHarvest({
  sessionId,
  token,
  title,
}: {
  sessionId: string
  token: string
  title: string
}) {
  const [busy, setBusy] = useState<HarvestFormat | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function download(format: HarvestFormat) {
    setBusy(format)
    setError(null)
    try {
      const blob = await fetchSessionHarvest(sessionId, token, format)
      downloadBlob(blob, `${fileStem(title, 'session')}-session-harvest.${format}`)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="dash-panel harvest" aria-labelledby="harvest-h">
      <h2 id="harvest-h">Session harvest</h2>
      <p className="muted">Every room's notes, themes and votes, with a summary over all.</p>
      <div className="harvest-buttons">
        {FORMATS.map((f) => (
          <button
            key={f.format}
            type="button"
            className="btn harvest-button"
            data-format={f.format}
            disabled={busy !== null}
            onClick={() => download(f.format)}
          >
            <span>{f.label}</span>
            <span className="hint">{busy === f.format ? 'preparing…' : f.hint}</span>
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
