/**
 * The shared timer as everyone sees it [F8.1]: the remaining time, a calm pulse and a soft
 * tone at the end, and polite announcements for screen readers at one minute and at the end.
 */
import { useEffect, useRef, useState } from 'react'
import { useBoardSelector } from '../../board/useBoardSelector'
import { Icon } from '../../lib/Icon'
import { CUE_TEXT, cueBetween, runKey } from './announce'
import { armChime, playChime } from './chime'
import { formatRemaining, spokenRemaining } from './clock'
import { useRemaining } from './useRemaining'

export function TimerDisplay() {
  const timer = useBoardSelector((s) => s.timer)
  const remaining = useRemaining(timer)
  const [announcement, setAnnouncement] = useState('')
  const [pulse, setPulse] = useState(false)
  const last = useRef<{ run: string | null; remaining: number }>({ run: null, remaining })

  useEffect(armChime, [])

  useEffect(() => {
    const run = runKey(timer)
    const prev = last.current
    last.current = { run, remaining }
    // A new run (or a timer found already running on opening) starts without cues.
    if (run !== prev.run) {
      setPulse(false)
      return
    }
    if (run === null || timer.status !== 'running') return
    const cue = cueBetween(prev.remaining, remaining, timer.durationMs)
    if (!cue) return
    setAnnouncement(CUE_TEXT[cue])
    if (cue === 'ended') {
      setPulse(true)
      playChime()
    }
  }, [timer, remaining])

  const paused = timer.status === 'paused'
  const over = timer.status === 'running' && remaining <= 0
  const spoken = over
    ? 'Time is up'
    : `${spokenRemaining(remaining)} left${paused ? ', paused' : ''}`
  return (
    <>
      {timer.status !== 'idle' && (
        <div
          role="timer"
          aria-label={spoken}
          className={`timer-display${paused ? ' paused' : ''}${over ? ' over' : ''}${pulse && over ? ' pulse' : ''}`}
          data-testid="timer"
          data-remaining-ms={Math.round(remaining)}
          data-status={timer.status}
          title={paused ? 'The timer is paused' : over ? 'Time is up' : 'Time left'}
        >
          <Icon name="clock" />
          <span className="timer-value">{over ? 'Time is up' : formatRemaining(remaining)}</span>
          {paused && <span className="timer-state">paused</span>}
        </div>
      )}
      <span className="sr-only" aria-live="polite" data-testid="timer-announcement">
        {announcement}
      </span>
    </>
  )
}
