/**
 * Session dashboards open during a live scenario, as the browser's dashboard runs them: the
 * session's details once, then the live stream (`GET /api/sessions/:id/live/stream`): the
 * whole session, then the rooms that changed. Each new note a dashboard sees is timed from its
 * creation (the load stamps `createdAt` with the send time, on the clock the processes share).
 */
import { nowMs } from './proc'
import { spread } from './stats'

export interface DashboardSession {
  id: string
  /** The session's facilitator token. */
  token: string
}

export interface DashboardFigures {
  dashboards: number
  /** Events received over the window, and their bytes. */
  events: number
  bytes: number
  /** Streams that failed over the round (the dashboard opens another). */
  errors: number
  /** Per new note created in the window: the time from its creation to a dashboard's event. */
  noteP50Ms: number
  noteP99Ms: number
  noteMaxMs: number
  notesSeen: number
}

interface Rooms {
  boards: Array<{ recent: Array<{ id: string; createdAt: number }> }>
}

/**
 * Open one dashboard per session until `stop()`, counting what happens in the measured window
 * (notes created in it are timed until a dashboard sees them, after it too). Bounded: one
 * stream per dashboard; `stop()` aborts them.
 */
export function startDashboards(baseUrl: string, sessions: readonly DashboardSession[]) {
  const ctrl = new AbortController()
  let windowFrom = Number.POSITIVE_INFINITY
  let windowTo = Number.POSITIVE_INFINITY
  const f = { events: 0, bytes: 0, errors: 0 }
  const latencies: number[] = []

  async function follow(s: DashboardSession, seen: Set<string>) {
    const headers = { authorization: `Bearer ${s.token}` }
    const res = await fetch(`${baseUrl}/api/sessions/${s.id}/live/stream`, {
      headers,
      signal: ctrl.signal,
    })
    if (res.status !== 200) throw new Error(`live stream answered ${res.status}`)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = block.split('\n').find((l) => l.startsWith('data: '))
        if (!data) continue
        const at = nowMs()
        const body = JSON.parse(data.slice(6)) as Rooms
        for (const b of body.boards) {
          for (const n of b.recent) {
            if (seen.has(n.id)) continue
            seen.add(n.id)
            if (n.createdAt >= windowFrom && n.createdAt <= windowTo)
              latencies.push(at - n.createdAt)
          }
        }
        if (at >= windowFrom && at <= windowTo) {
          f.events++
          f.bytes += block.length
        }
      }
    }
  }

  async function run(s: DashboardSession) {
    const headers = { authorization: `Bearer ${s.token}` }
    const detail = await fetch(`${baseUrl}/api/sessions/${s.id}`, { headers, signal: ctrl.signal })
    await detail.arrayBuffer()
    const seen = new Set<string>()
    while (!ctrl.signal.aborted) {
      try {
        await follow(s, seen)
      } catch (e) {
        if (ctrl.signal.aborted) return
        // As the browser's dashboard does: a dropped stream is opened again after a pause.
        f.errors++
        if (f.errors > 100) throw e
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  }

  const running = sessions.map((s) =>
    run(s).catch((e: unknown) => {
      if (!ctrl.signal.aborted) throw e
    }),
  )
  return {
    /** Count what happens between two times of `nowMs`: the measured window. */
    window(from: number, to: number) {
      windowFrom = from
      windowTo = to
    },
    async stop(): Promise<DashboardFigures> {
      ctrl.abort()
      await Promise.all(running)
      const l = spread(latencies)
      return {
        dashboards: sessions.length,
        ...f,
        noteP50Ms: l.p50,
        noteP99Ms: l.p99,
        noteMaxMs: l.max,
        notesSeen: l.n,
      }
    },
  }
}
