/**
 * `/new`: create a session (title, breakout rooms by name or by count, template), guarded by
 * the server's admin token, then open its dashboard with the session facilitator token.
 */
import { TEMPLATES, W3_TEMPLATE } from '@sensemaking/shared'
import { type FormEvent, useId, useState } from 'react'
import { createSession } from '../lib/api'
import { ApiError } from '../lib/http'
import { rememberAdminToken, rememberedAdminToken } from './adminToken'
import { MAX_ROOMS, parseRooms } from './rooms'
import './dashboard.css'

export const MAX_TITLE = 120

/** The sentence a person reads when creating fails. */
export function createError(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e)
  if (e.status === 401 || e.status === 403 || e.status === 404) {
    return 'That admin token is not right.'
  }
  if (e.status === 0) return 'The server cannot be reached. Check your connection and try again.'
  return e.message
}

export function NewSessionPage() {
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState(W3_TEMPLATE.id)
  const [mode, setMode] = useState<'names' | 'count'>('names')
  const [names, setNames] = useState('')
  const [count, setCount] = useState('3')
  const [admin, setAdmin] = useState(rememberedAdminToken)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()

  async function submit(e: FormEvent) {
    e.preventDefault()
    const t = title.trim()
    if (t === '') return setError('Give the session a title.')
    const rooms = parseRooms(mode === 'names' ? { mode, text: names } : { mode, count })
    if (!rooms.ok) return setError(rooms.error)
    if (admin.trim() === '') return setError('Give the admin token of this server.')
    setError(null)
    setBusy(true)
    try {
      const s = await createSession(admin.trim(), { title: t, boards: rooms.boards, template })
      rememberAdminToken(admin.trim())
      const link = new URL(s.links.facilitator.url, window.location.href)
      window.location.assign(`${link.pathname}#t=${encodeURIComponent(s.links.facilitator.token)}`)
    } catch (err) {
      if (err instanceof ApiError && [401, 403, 404].includes(err.status)) rememberAdminToken(null)
      setError(createError(err))
      setBusy(false)
    }
  }

  return (
    <main className="page-message">
      <form className="card new-session" onSubmit={submit} noValidate aria-describedby={`${id}-e`}>
        <p className="eyebrow">Facilitator</p>
        <h1>Create a session</h1>
        <p className="muted">
          Each breakout room gets its own board. You land on the session dashboard, with the links
          to share.
        </p>

        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            name="title"
            required
            maxLength={MAX_TITLE}
            value={title}
            placeholder="Cluster session: energy communities"
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>

        <fieldset className="field choice">
          <legend>Breakout rooms</legend>
          <div className="segmented">
            <label>
              <input
                type="radio"
                name="rooms-mode"
                checked={mode === 'names'}
                onChange={() => setMode('names')}
              />
              By name
            </label>
            <label>
              <input
                type="radio"
                name="rooms-mode"
                checked={mode === 'count'}
                onChange={() => setMode('count')}
              />
              By number
            </label>
          </div>
          {mode === 'names' ? (
            <>
              <textarea
                id={`${id}-names`}
                name="rooms"
                rows={5}
                value={names}
                aria-label="Room names, one per line"
                placeholder={'Energy communities\nMobility\nBuildings'}
                onChange={(e) => setNames(e.target.value)}
              />
              <span className="hint">One room per line, up to {MAX_ROOMS}.</span>
            </>
          ) : (
            <input
              type="number"
              name="count"
              inputMode="numeric"
              min={1}
              max={MAX_ROOMS}
              value={count}
              aria-label="Number of rooms"
              onChange={(e) => setCount(e.target.value)}
            />
          )}
        </fieldset>

        <fieldset className="field choice">
          <legend>Template</legend>
          {Object.values(TEMPLATES).map((t) => (
            <label key={t.id} className="template-option">
              <input
                type="radio"
                name="template"
                value={t.id}
                checked={template === t.id}
                onChange={() => setTemplate(t.id)}
              />
              <span>
                <strong>{t.name}</strong>
                <span className="hint">
                  {t.columns.map((c) => c.title).join(' · ')} · {t.tags.length} tags
                </span>
              </span>
            </label>
          ))}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-admin`}>Admin token</label>
          <input
            id={`${id}-admin`}
            name="admin-token"
            type="password"
            autoComplete="off"
            value={admin}
            onChange={(e) => setAdmin(e.target.value)}
          />
          <span className="hint">Printed by the server when it starts. Kept in this tab only.</span>
        </div>

        <p id={`${id}-e`} className="form-error" role="alert">
          {error ?? ''}
        </p>
        <div className="actions">
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create the session'}
          </button>
        </div>
      </form>
    </main>
  )
}
