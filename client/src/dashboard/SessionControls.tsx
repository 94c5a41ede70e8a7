/**
 * The dashboard's controls: each press is one request that the server applies to every
 * breakout board of the session, so all rooms change phase, lock or see a message at the same
 * moment; or, with one room chosen in "For", to that room alone (SESSION-SPEC SE5.1).
 */
import { type ColumnDef, type SessionControl, sortColumns } from '@sensemaking/shared'
import { useState } from 'react'
import { controlSession } from '../lib/api'
import { ApiError } from '../lib/http'

export const MAX_BROADCAST = 280

interface Props {
  sessionId: string
  token: string
  columns: readonly ColumnDef[]
  /** The rooms one may choose to control alone (the breakout rooms, then the plenary). */
  rooms: readonly { id: string; name: string }[]
  /** Called after a control reached the boards (the figures may have changed). */
  onApplied?: () => void
}

interface Outcome {
  ok: boolean
  text: string
}

export function SessionControls({ sessionId, token, columns, rooms, onApplied }: Props) {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [phase, setPhase] = useState<string | null | undefined>(undefined)
  const [minutes, setMinutes] = useState('5')
  const [message, setMessage] = useState('')
  const [target, setTarget] = useState('')
  // A room that left the list (never, today) falls back to every room.
  const room = rooms.find((r) => r.id === target) ?? null

  async function send(c: SessionControl, what: string) {
    setBusy(true)
    try {
      const { boards } = await controlSession(
        sessionId,
        token,
        room ? { ...c, boards: [room.id] } : c,
      )
      const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      const where = room ? room.name : boards === 1 ? '1 room' : `${boards} rooms`
      setOutcome({ ok: true, text: `${what} · ${where} · ${time}` })
      // The phase pressed is shown for every room only: one room's is in its row.
      if (c.phase !== undefined && !room) setPhase(c.phase)
      onApplied?.()
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e)
      setOutcome({ ok: false, text: `${what} failed: ${text}` })
    } finally {
      setBusy(false)
    }
  }

  const mins = Number(minutes)
  const minutesOk = Number.isFinite(mins) && mins > 0 && mins <= 180
  const sorted = sortColumns(columns)

  return (
    <section className="dash-panel controls" aria-labelledby="controls-h">
      <h2 id="controls-h">{room ? `${room.name} alone` : 'All rooms at once'}</h2>
      <label className="control-target">
        <span>For</span>
        <select
          value={room?.id ?? ''}
          onChange={(e) => {
            setTarget(e.target.value)
            setPhase(undefined)
            setOutcome(null)
          }}
        >
          <option value="">Every room</option>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="control-group" disabled={busy}>
        <legend>Phase</legend>
        <div className="segmented">
          {sorted.map((c) => (
            <button
              key={c.id}
              type="button"
              aria-pressed={phase === c.id}
              onClick={() => send({ phase: c.id }, `Phase: ${c.title}`)}
            >
              {c.title}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={phase === null}
            onClick={() => send({ phase: null }, 'Phase cleared')}
          >
            None
          </button>
        </div>
      </fieldset>

      <fieldset className="control-group" disabled={busy}>
        <legend>Timer</legend>
        <div className="control-row">
          <label className="minutes">
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={180}
              value={minutes}
              aria-label="Minutes"
              onChange={(e) => setMinutes(e.target.value)}
            />
            <span>min</span>
          </label>
          <button
            type="button"
            className="btn small primary"
            disabled={!minutesOk}
            onClick={() =>
              send({ timer: { action: 'start', minutes: mins } }, `Timer started: ${mins} min`)
            }
          >
            Start
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ timer: { action: 'pause' } }, 'Timer paused')}
          >
            Pause
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ timer: { action: 'resume' } }, 'Timer resumed')}
          >
            Resume
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ timer: { action: 'add', minutes: 1 } }, 'Timer +1 min')}
          >
            +1 min
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ timer: { action: 'stop' } }, 'Timer stopped')}
          >
            Stop
          </button>
        </div>
      </fieldset>

      <fieldset className="control-group" disabled={busy}>
        <legend>Boards</legend>
        <div className="control-row">
          <button
            type="button"
            className="btn small"
            onClick={() => send({ locked: true }, room ? 'Locked' : 'All boards locked')}
          >
            {room ? 'Lock' : 'Lock all'}
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ locked: false }, room ? 'Unlocked' : 'All boards unlocked')}
          >
            {room ? 'Unlock' : 'Unlock all'}
          </button>
        </div>
      </fieldset>

      <fieldset className="control-group" disabled={busy}>
        <legend>{room ? 'Message to the room' : 'Message to everyone'}</legend>
        <form
          className="control-row"
          onSubmit={(e) => {
            e.preventDefault()
            const text = message.trim()
            if (text !== '') void send({ broadcast: text }, 'Message sent')
          }}
        >
          <input
            className="broadcast-input"
            value={message}
            maxLength={MAX_BROADCAST}
            placeholder="Five minutes left: pick your top insight"
            aria-label={room ? `Message to ${room.name}` : 'Message to every room'}
            onChange={(e) => setMessage(e.target.value)}
          />
          <button type="submit" className="btn small primary" disabled={message.trim() === ''}>
            Send
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => send({ broadcast: null }, 'Message cleared')}
          >
            Clear
          </button>
        </form>
      </fieldset>

      <p
        className={`control-outcome ${outcome?.ok === false ? 'is-error' : ''}`}
        role="status"
        aria-live="polite"
      >
        {outcome?.text ?? ''}
      </p>
    </section>
  )
}
