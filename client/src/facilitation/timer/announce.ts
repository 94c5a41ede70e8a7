/**
 * What the timer tells people as it counts down: a polite announcement at one minute left
 * and at the end, and the end signal (tone and pulse), each once per run of the timer.
 */
import type { TimerState } from '@sensemaking/shared'

export const ONE_MINUTE = 60_000

export type TimerCue = 'one-minute' | 'ended'

/** A run of the timer: cues already given are remembered per run, not per render. */
export function runKey(t: TimerState): string | null {
  return t.status === 'running' ? `${t.endsAt}:${t.durationMs}` : null
}

/**
 * The cue due when the remaining time goes from `before` to `after` (ms) while running,
 * or null. Crossing one minute gives 'one-minute' only for timers longer than a minute.
 */
export function cueBetween(before: number, after: number, durationMs: number): TimerCue | null {
  if (before > 0 && after <= 0) return 'ended'
  if (before > ONE_MINUTE && after <= ONE_MINUTE && after > 0 && durationMs > ONE_MINUTE) {
    return 'one-minute'
  }
  return null
}

export const CUE_TEXT: Record<TimerCue, string> = {
  'one-minute': 'One minute left',
  ended: 'Time is up',
}
