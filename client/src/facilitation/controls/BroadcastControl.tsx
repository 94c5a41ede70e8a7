/** The facilitator's message to everyone on this board [F8.4] (the dashboard sends one to all rooms). */
import { setBroadcast } from '@sensemaking/shared'
import { useState } from 'react'
import { useBoard } from '../../board/BoardContext'
import { useBoardSelector } from '../../board/useBoardSelector'
import { FACILITATION_ORIGIN } from '../origin'
import { serverNow } from '../timer/serverClock'

export const MAX_MESSAGE = 280

export function BroadcastControl() {
  const { doc, user, meta } = useBoard()
  const current = useBoardSelector((s) => s.broadcast)
  const timer = useBoardSelector((s) => s.timer)
  const [text, setText] = useState('')
  const message = text.trim()
  return (
    <fieldset className="fac-group">
      <legend>Message to everyone</legend>
      <form
        className="fac-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (message === '') return
          setBroadcast(
            doc,
            {
              message: message.slice(0, MAX_MESSAGE),
              from: user.name,
              at: serverNow(),
              // It runs its course when the phase or the timer moves on [F8.4].
              phase: meta.phase,
              timerOn: timer.status !== 'idle',
            },
            { origin: FACILITATION_ORIGIN },
          )
          setText('')
        }}
      >
        <label className="sr-only" htmlFor="fac-broadcast">
          Message
        </label>
        <input
          id="fac-broadcast"
          className="fac-text"
          maxLength={MAX_MESSAGE}
          placeholder="e.g. Five minutes left, then we share"
          value={text}
          onChange={(e) => setText(e.target.value)}
          dir="auto"
        />
        <button type="submit" className="btn small" disabled={message === ''}>
          Send
        </button>
      </form>
      {current && (
        <div className="fac-row">
          <span className="fac-current" dir="auto">
            Showing: “{current.message}”
          </span>
          <button
            type="button"
            className="btn small"
            data-action="clear-broadcast"
            onClick={() => setBroadcast(doc, null, { origin: FACILITATION_ORIGIN })}
          >
            Clear
          </button>
        </div>
      )}
    </fieldset>
  )
}
