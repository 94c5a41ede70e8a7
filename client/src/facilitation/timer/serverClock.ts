/**
 * The server's clock as this client knows it [F8.1]: the offset is measured against
 * `GET /api/boards/:id/me` once on opening and every few minutes, keeping the sample with
 * the smallest round trip among the recent ones.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import { addSample, bestOffset, type ClockSample } from './clock'

/** Re-measure this often: clocks drift, laptops sleep. */
export const RESYNC_MS = 3 * 60_000
/** Samples taken on opening: the best of a few beats one unlucky round trip. */
const FIRST_SAMPLES = 3

interface ClockState {
  /** Add to Date.now() to get the server's time; null until the first answer. */
  offset: number | null
  samples: ClockSample[]
  add(s: ClockSample): void
  reset(): void
}

export const useServerClock = create<ClockState>((set) => ({
  offset: null,
  samples: [],
  add: (s) =>
    set((st) => {
      const samples = addSample(st.samples, s)
      return { samples, offset: bestOffset(samples) }
    }),
  reset: () => set({ offset: null, samples: [] }),
}))

/** The server's time now, by this client's best estimate (the local clock until measured). */
export function serverNow(): number {
  return Date.now() + (useServerClock.getState().offset ?? 0)
}

/** One timing sample: local send and receive times around the server's answer. */
export async function sampleClock(boardId: string, token: string): Promise<ClockSample | null> {
  const sentAt = Date.now()
  try {
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/me`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    })
    const receivedAt = Date.now()
    if (!res.ok) return null
    const body = (await res.json()) as { serverTime?: unknown }
    const serverTime = body.serverTime
    if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) return null
    return { sentAt, receivedAt, serverTime }
  } catch {
    // Offline: keep the offset measured before.
    return null
  }
}

/** Keep the offset measured while the board is open. Mount once per board page. */
export function useClockSync(boardId: string, token: string): void {
  useEffect(() => {
    let stopped = false
    const { add, reset } = useServerClock.getState()
    reset()
    const measure = async (n: number) => {
      for (let i = 0; i < n && !stopped; i++) {
        const s = await sampleClock(boardId, token)
        if (s && !stopped) add(s)
      }
    }
    void measure(FIRST_SAMPLES)
    const every = window.setInterval(() => void measure(1), RESYNC_MS)
    const online = () => void measure(1)
    window.addEventListener('online', online)
    return () => {
      stopped = true
      window.clearInterval(every)
      window.removeEventListener('online', online)
    }
  }, [boardId, token])
}
