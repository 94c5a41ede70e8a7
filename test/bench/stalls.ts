/**
 * What holds up a whole process over a window: its garbage collections (from V8's own `gc`
 * performance entries) and its event-loop stalls (a 5 ms timer arriving late), each with its
 * instant on the clock the benchmark shares between processes (`nowMs`). A load generator
 * reports them beside its latencies: when one process stalls, every client it hosts sees every
 * edit late at once, which is the shape of a long tail that is not the server's.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks'
import { nowMs } from './proc'

/** A gap of the 5 ms timer longer than this is a stall. */
export const STALL_MS = 30
const TICK_MS = 5

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
}

export interface ProcessHolds {
  gcs: [atMs: number, durationMs: number, kind: string][]
  stalls: [atMs: number, gapMs: number][]
}

/** Start watching this process; `stop()` returns what happened from `from` on. */
export function watchHolds(): { stop(from: number): ProcessHolds } {
  const gcs: ProcessHolds['gcs'] = []
  const stalls: ProcessHolds['stalls'] = []
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? -1
      gcs.push([performance.timeOrigin + e.startTime, e.duration, GC_KINDS[kind] ?? String(kind)])
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  let last = nowMs()
  const timer = setInterval(() => {
    const t = nowMs()
    if (t - last > STALL_MS) stalls.push([t, t - last])
    last = t
  }, TICK_MS)
  return {
    stop(from) {
      clearInterval(timer)
      observer.disconnect()
      return { gcs: gcs.filter((g) => g[0] >= from), stalls: stalls.filter((s) => s[0] >= from) }
    },
  }
}
