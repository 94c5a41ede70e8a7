/**
 * The session's live figures, polled while the page is visible. Polling (not a socket per
 * board) keeps the dashboard cheap for the server: one request reads stored counters for
 * every board, loading none of them.
 */
import type { SessionDetail } from '@sensemaking/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getSession } from '../lib/api'
import { ApiError } from '../lib/http'

export const POLL_MS = 2500
/** After failures, wait longer (up to this) so a down server is not hammered. */
const MAX_BACKOFF_MS = 15_000

export type PollStatus = 'loading' | 'live' | 'paused' | 'retrying'

export interface SessionPoll {
  data: SessionDetail | null
  /** The last failure; cleared by the next success. */
  error: ApiError | null
  status: PollStatus
  /** When the figures were last read (local clock). */
  updatedAt: number | null
  /** Read now (after a control, say) instead of at the next tick. */
  refresh: () => void
}

/** The delay before the next read after `failures` failures in a row. */
export function nextDelay(failures: number, base = POLL_MS): number {
  return failures === 0 ? base : Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 4))
}

export function useSessionPoll(sessionId: string, token: string, intervalMs = POLL_MS) {
  const [data, setData] = useState<SessionDetail | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [status, setStatus] = useState<PollStatus>('loading')
  const [updatedAt, setUpdatedAt] = useState<number | null>(null)
  const tickRef = useRef<() => void>(() => {})

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let ctrl: AbortController | null = null
    let generation = 0
    let failures = 0
    const hidden = () => document.visibilityState === 'hidden'

    const tick = async () => {
      clearTimeout(timer)
      ctrl?.abort()
      if (stopped) return
      if (hidden()) {
        setStatus('paused')
        return
      }
      const mine = ++generation
      ctrl = new AbortController()
      try {
        const d = await getSession(sessionId, token, ctrl.signal)
        if (stopped || mine !== generation) return
        failures = 0
        setData(d)
        setError(null)
        setUpdatedAt(Date.now())
        setStatus('live')
      } catch (e) {
        if (stopped || mine !== generation) return
        failures++
        setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)))
        setStatus('retrying')
      }
      if (!hidden()) timer = setTimeout(tick, nextDelay(failures, intervalMs))
    }

    const onVisibility = () => {
      if (hidden()) {
        clearTimeout(timer)
        setStatus('paused')
      } else {
        void tick()
      }
    }
    document.addEventListener('visibilitychange', onVisibility)
    tickRef.current = () => void tick()
    void tick()
    return () => {
      stopped = true
      clearTimeout(timer)
      ctrl?.abort()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [sessionId, token, intervalMs])

  const refresh = useCallback(() => tickRef.current(), [])
  return { data, error, status, updatedAt, refresh } satisfies SessionPoll
}
