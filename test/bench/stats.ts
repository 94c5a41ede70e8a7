/** Pure statistics of the benchmark: percentiles, medians, and matching edits to their arrivals. */
import type { Observation, Send } from './protocol'

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export interface Spread {
  p50: number
  p99: number
  max: number
  n: number
}

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b)
  return {
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? Number.NaN,
    n: s.length,
  }
}

export interface Receiver {
  board: string
  obs: Observation[]
}

export interface Latencies {
  /** Per edit: the time until the first other client of its board had it. */
  first: number[]
  /** Per delivery: the time until each other client had it. */
  every: number[]
  expected: number
  delivered: number
  lost: number
  /** Deliveries that arrived, but after `lateAfter` (0 without it). */
  late: number
}

/**
 * Match every sent edit to its arrival at every other client of its board. A receiver has an
 * edit once it observed its note with `updatedAt >= ts` (a note is moved by its owner only,
 * so its updatedAt grows along arrival order; a later state that includes the edit counts).
 * The sender is the one receiver that never observes its own edit remotely.
 */
export function matchLatencies(
  sends: readonly Send[],
  receivers: readonly Receiver[],
  /** An instant (same clock as the arrivals): deliveries arriving after it count as late. */
  lateAfter = Number.POSITIVE_INFINITY,
): Latencies {
  // receiver → note → observations in arrival order (updatedAt non-decreasing)
  const byBoard = new Map<string, Map<string, Observation[]>[]>()
  for (const r of receivers) {
    const perNote = new Map<string, Observation[]>()
    for (const o of r.obs) listAt(perNote, o[0]).push(o)
    listAt(byBoard, r.board).push(perNote)
  }
  const first: number[] = []
  const every: number[] = []
  let expected = 0
  let delivered = 0
  let late = 0
  for (const [board, id, ts] of sends) {
    const rs = byBoard.get(board) ?? []
    // The sender is among the board's receivers but will not observe its own edit.
    expected += Math.max(0, rs.length - 1)
    let min = Number.POSITIVE_INFINITY
    for (const perNote of rs) {
      const list = perNote.get(id)
      if (!list) continue
      const hit = firstAtLeast(list, ts)
      if (!hit) continue
      const lat = hit[2] - ts
      every.push(lat)
      delivered++
      if (hit[2] > lateAfter) late++
      if (lat < min) min = lat
    }
    if (Number.isFinite(min)) first.push(min)
  }
  return { first, every, expected, delivered, lost: Math.max(0, expected - delivered), late }
}

/** The first observation with updatedAt >= ts (binary search over a non-decreasing list). */
function firstAtLeast(list: Observation[], ts: number): Observation | undefined {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]![1] >= ts) hi = mid
    else lo = mid + 1
  }
  return list[lo]
}

/** The list under `key`, created empty on first use. */
export function listAt<K, V>(m: Map<K, V[]>, key: K): V[] {
  let list = m.get(key)
  if (!list) {
    list = []
    m.set(key, list)
  }
  return list
}
