/**
 * The session's retention on its dashboard: until when its rooms are kept; from `warnFrom` on
 * a warning, with the harvest one press away, since the rooms are then erased whole; once
 * erased, when.
 */

import type { Retention } from '@sensemaking/shared'
import { useState } from 'react'
import { downloadBlob, fileStem } from '../export/download'
import { fetchSessionHarvest } from '../lib/api'
import { ApiError } from '../lib/http'
import { daysUntil, formatDay } from './noticeText'
import './privacy.css'

export function RetentionPanel({
  retention,
  sessionId,
  token,
  title,
  now = Date.now(),
}: {
  retention: Retention
  sessionId: string
  token: string
  title: string
  now?: number
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const until = formatDay(retention.expiresAt)
  const left = daysUntil(retention.expiresAt, now)

  async function harvest() {
    setBusy(true)
    setError(null)
    try {
      const blob = await fetchSessionHarvest(sessionId, token, 'md')
      downloadBlob(blob, `${fileStem(title, 'session')}-session-harvest.md`)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  let body: React.ReactNode
  if (retention.erasedAt !== null) {
    body = (
      <p className="retention-erased" data-retention="erased">
        Every room of this session was erased on {formatDay(retention.erasedAt)}, when its retention
        of {retention.days} days ran out.
      </p>
    )
  } else if (now >= retention.warnFrom) {
    body = (
      <div className="retention-warning" role="alert" data-retention="warning">
        <p>
          <strong>
            {left === 0 ? 'Today' : `In ${left} day${left === 1 ? '' : 's'}`} ({until})
          </strong>{' '}
          every room of this session is erased: its notes, themes and dots, for good. Download the
          harvest before then.
        </p>
        <button
          type="button"
          className="btn"
          data-action="retention-harvest"
          disabled={busy}
          onClick={harvest}
        >
          {busy ? 'Preparing…' : 'Download the harvest (Markdown)'}
        </button>
      </div>
    )
  } else {
    body = (
      <p data-retention="kept">
        Kept until <strong>{until}</strong> ({plural(left, 'day')}), then every room is erased. You
        are warned here {warnBefore(retention)}.
      </p>
    )
  }
  return (
    <section className="dash-panel retention" aria-labelledby="retention-h">
      <h2 id="retention-h">Keeping the notes</h2>
      {body}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** When the warning shows, in whole days before the end ("7 days before", "on the day"). */
function warnBefore(r: Retention): string {
  const days = Math.round((r.expiresAt - r.warnFrom) / (24 * 60 * 60 * 1000))
  return days > 0 ? `${plural(days, 'day')} before` : 'on the day'
}
