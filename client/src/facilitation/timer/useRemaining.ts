/**
 * The timer's remaining time on this screen, in ms, re-rendered as each second passes on
 * the server's clock (corrected by the measured offset), so every screen turns together.
 */
import { type TimerState, timerRemaining } from '@sensemaking/shared'
import { useEffect, useReducer } from 'react'
import { serverNow, useServerClock } from './serverClock'

export function useRemaining(timer: TimerState): number {
  const offset = useServerClock((s) => s.offset)
  const [, tick] = useReducer((n: number) => n + 1, 0)
  const remaining = timerRemaining(timer, serverNow())
  useEffect(() => {
    if (timer.status !== 'running' || remaining <= 0) return
    // Wake just after the displayed second changes (whole seconds, rounded up).
    const wait = (remaining % 1000 || 1000) + 15
    const id = window.setTimeout(tick, wait)
    return () => window.clearTimeout(id)
  })
  void offset
  return remaining
}
