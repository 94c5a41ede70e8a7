/**
 * The facilitator's timer: presets, a custom length, pause and resume, a minute more, stop.
 * Times are written on the server's clock [F8.1], so every screen counts down alike.
 */
import { readTimer, setTimer, timerTransitions as T, type TimerState } from '@sensemaking/shared'
import { useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { useBoardSelector } from '../../board/useBoardSelector'
import { FACILITATION_ORIGIN } from '../origin'
import { serverNow, useServerClock } from './serverClock'

export const PRESET_MINUTES = [1, 3, 5, 10] as const
const MAX_MINUTES = 180
const MINUTE = 60_000

/** Minutes typed by a person, as ms, or null when not a sensible timer length. */
export function parseMinutes(text: string): number | null {
  const n = Number(text.trim().replace(',', '.'))
  if (!Number.isFinite(n) || n <= 0 || n > MAX_MINUTES) return null
  return Math.round(n * MINUTE)
}

export function TimerControls() {
  const { doc } = useBoard()
  const timer = useBoardSelector((s) => s.timer)
  const synced = useServerClock((s) => s.offset !== null)
  const [custom, setCustom] = useState('')
  const write = (next: (t: TimerState, now: number) => TimerState) =>
    setTimer(doc, next(readTimer(doc), serverNow()), { origin: FACILITATION_ORIGIN })
  const start = (ms: number) => write((_t, now) => T.start(ms, now))
  const customMs = parseMinutes(custom)
  const idle = timer.status === 'idle'

  return (
    <fieldset className="fac-group" aria-describedby={synced ? undefined : 'timer-sync-hint'}>
      <legend>Timer</legend>
      <div className="fac-row">
        {PRESET_MINUTES.map((m) => (
          <button
            key={m}
            type="button"
            className="btn small"
            disabled={!synced}
            data-timer-preset={m}
            onClick={() => start(m * MINUTE)}
          >
            {m} min
          </button>
        ))}
      </div>
      <form
        className="fac-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (customMs !== null) start(customMs)
        }}
      >
        <label className="fac-inline">
          <span>Minutes</span>
          <input
            type="number"
            inputMode="decimal"
            min="0"
            max={MAX_MINUTES}
            step="any"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            aria-invalid={custom !== '' && customMs === null}
          />
        </label>
        <button type="submit" className="btn small" disabled={!synced || customMs === null}>
          Start
        </button>
      </form>
      {!idle && (
        <div className="fac-row">
          {timer.status === 'running' ? (
            <button type="button" className="btn small" onClick={() => write(T.pause)}>
              Pause
            </button>
          ) : (
            <button type="button" className="btn small" onClick={() => write(T.resume)}>
              Resume
            </button>
          )}
          <button
            type="button"
            className="btn small"
            onClick={() => write((t, now) => T.addTime(t, MINUTE, now))}
          >
            +1 min
          </button>
          <button type="button" className="btn small danger" onClick={() => write(T.stop)}>
            Stop
          </button>
        </div>
      )}
      {!synced && (
        <p id="timer-sync-hint" className="fac-hint">
          Checking the server's clock…
        </p>
      )}
    </fieldset>
  )
}
