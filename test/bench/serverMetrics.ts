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

/** GET /metrics of a project server, with its admin token (metrics are the operator's). */
export async function metricsText(s: { url: string; adminToken: string }): Promise<string> {
  const r = await fetch(`${s.url}/metrics`, {
    headers: { authorization: `Bearer ${s.adminToken}` },
  })
  if (!r.ok) throw new Error(`GET /metrics answered ${r.status}`)
  return r.text()
}

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
    return parseMetrics(await metricsText(s))
  } catch {
    return null
  }
}

/** A one-line digest: the server's own event-loop lag and its slow storage writes. */
export function digest(m: MetricFigures | null): string {
  if (!m) return ''
  const lagMax = m.nodejs_eventloop_lag_max_seconds
  const writes = m.board_write_seconds_count ?? 0
  const under10ms = m['board_write_seconds_bucket{le="0.01"}'] ?? writes
  const under50ms = m['board_write_seconds_bucket{le="0.05"}'] ?? writes
  const parts = [
    lagMax === undefined ? '' : `loop lag max ${(lagMax * 1000).toFixed(0)} ms`,
    `writes ${writes} (>10 ms: ${writes - under10ms}, >50 ms: ${writes - under50ms})`,
    m.board_compactions_total ? `compactions ${m.board_compactions_total}` : '',
  ]
  return parts.filter(Boolean).join(', ')
}
