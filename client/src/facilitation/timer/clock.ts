/**
 * The client's view of the server's clock [F8.1]: pure helpers over timing samples of
 * `GET /api/boards/:id/me` (which answers the server's time).
 */
import { clockOffset } from '@sensemaking/shared'

export interface ClockSample {
  /** Local time (ms) the request was sent and its answer received. */
  sentAt: number
  receivedAt: number
  /** The server's time in the answer. */
  serverTime: number
}

/** How many recent samples are kept: old ones stop counting after a clock step or a sleep. */
export const KEPT_SAMPLES = 6

/**
 * The offset to add to the local clock to read the server's, from the sample with the
 * smallest round trip (its half-way estimate has the smallest error bound), or null.
 */
export function bestOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null
  for (const s of samples) {
    if (!Number.isFinite(s.sentAt + s.receivedAt + s.serverTime) || s.receivedAt < s.sentAt) {
      continue
    }
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s
  }
  return best ? clockOffset(best.sentAt, best.serverTime, best.receivedAt) : null
}

/** Keep the newest samples only. */
export function addSample(samples: readonly ClockSample[], s: ClockSample): ClockSample[] {
  return [...samples, s].slice(-KEPT_SAMPLES)
}

/** "4:05", "0:09", "1:02:00": whole seconds, rounded up so 0:00 shows only at the end. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** Words for a screen reader: "4 minutes 5 seconds". */
export function spokenRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const m = Math.floor(total / 60)
  const s = total % 60
  const parts: string[] = []
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`)
  if (s > 0 || m === 0) parts.push(`${s} second${s === 1 ? '' : 's'}`)
  return parts.join(' ')
}
