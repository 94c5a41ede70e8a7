/**
 * A few diagnostic figures from the project server's GET /metrics (Prometheus text): its own
 * event-loop lag, storage write latencies, compactions and message counts. Absent figures are
 * left out; the reference server has no metrics.
 */
import type { ChildServer } from './childServer'

export type MetricFigures = Record<string, number>

const WANTED = [
  /^nodejs_eventloop_lag_(p50|p99|max)_seconds$/,
  /^board_write_seconds_(bucket|count|sum)$/,
  /^board_compactions_total$/,
  /^board_messages_(in|out)_total$/,
  /^board_rejected_messages_total$/,
  /^nodejs_gc_duration_seconds_sum$/,
]

/** Parse the wanted samples of a Prometheus text exposition, keyed by name and labels. */
export function parseMetrics(text: string): MetricFigures {
  const out: MetricFigures = {}
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line)
    if (!m) continue
    const [, name, labels, value] = m
    if (!WANTED.some((re) => re.test(name!))) continue
    const v = Number(value)
    if (Number.isFinite(v)) out[`${name}${labels ?? ''}`] = (out[`${name}${labels ?? ''}`] ?? 0) + v
  }
  return out
}

/** The project server's figures now, or null for the reference (or an unreachable server). */
export async function serverMetrics(s: ChildServer): Promise<MetricFigures | null> {
  if (s.kind !== 'project') return null
  try {
    const r = await fetch(`${s.url}/metrics`)
    return r.ok ? parseMetrics(await r.text()) : null
  } catch {
    return null
  }
}
