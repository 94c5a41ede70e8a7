/**
 * Rows and bar checks of the two-node scenario (issue 19): in the table's columns, "project" is
 * two nodes and "reference" the same load on one node (PostgreSQL both), so the ratio is what
 * the second node and forwarding cost. Pure: results in, rows and checks out.
 */
import type { BenchResults, Check, Row } from './report'
import { row } from './row'
import { median } from './stats'
import type { NodesResult } from './twoNodes'
import type { LoadRound } from './twoNodesLoad'

/** A board's failover (last ack → first ack) is due within the lease and this much. */
export const FAILOVER_SLACK_MS = 3000

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : String(x))

function loadRows(n: NodesResult, load: LoadRound[]): Row[] {
  const two = load.filter((l) => l.layout === 'two nodes')
  const one = load.filter((l) => l.layout === 'one node')
  if (two.length === 0) return []
  const windowMs = n.windowMs ?? 1
  const cpu = (ms: number) => (ms / windowMs) * 100
  const m = (rs: LoadRound[], pick: (l: LoadRound) => number) =>
    rs.length > 0 ? median(rs.map(pick)) : null
  const both = (figure: string, unit: string, pick: (l: LoadRound) => number, total = false) => {
    const agg = (rs: LoadRound[]) =>
      total ? (rs.length > 0 ? sum(rs.map(pick)) : null) : m(rs, pick)
    return row('two nodes', figure, unit, agg(two)!, agg(one))
  }
  return [
    both('server CPU, first node (one node: all)', '% core', (l) => cpu(l.x.nodesCpuMs[0]!)),
    row(
      'two nodes',
      'server CPU, second node',
      '% core',
      m(two, (l) => cpu(l.x.nodesCpuMs[1] ?? 0))!,
      null,
    ),
    both('server CPU, all nodes', '% core', (l) => cpu(l.x.serverCpuMs)),
    row(
      'two nodes',
      'frames relayed by the forwarding node',
      '% of frames',
      m(two, (l) => (l.forwarded / Math.max(1, l.frames)) * 100)!,
      null,
    ),
    both('every other client p50', 'ms', (l) => l.x.everyP50Ms),
    both('every other client p99', 'ms', (l) => l.x.everyP99Ms),
    both('deliveries late (all rounds)', '', (l) => l.x.deliveriesLate ?? 0, true),
    both('deliveries lost (all rounds)', '', (l) => l.x.deliveriesLost, true),
    both('deliveries expected (all rounds)', '', (l) => l.x.deliveriesExpected, true),
    row('two nodes', 'leases lost (all rounds)', '', sum(two.map((l) => l.leasesLost)), null),
    row(
      'two nodes',
      'writes refused by the fence (all rounds)',
      '',
      sum(two.map((l) => l.fenced)),
      null,
    ),
    both('load generator CPU', '% core', (l) => l.x.generatorCpuPct),
    both('other load on the machine', '% core', (l) => l.x.otherCpuPct),
    both('machine load average before the round', '', (l) => l.loadBefore),
  ]
}

/** The two-node scenario's rows (none when it did not run). */
export function nodesRows(res: BenchResults): Row[] {
  const n = res.nodes
  if (!n || n.skipped) return []
  const rows: Row[] = []
  if (n.load) rows.push(...loadRows(n, n.load))
  for (const p of n.latency ?? []) {
    rows.push(
      row('two nodes, one board', `${p.path} p50`, 'ms', p.p50Ms, null),
      row('two nodes, one board', `${p.path} p99`, 'ms', p.p99Ms, null),
    )
  }
  for (const leaseMs of new Set((n.failover ?? []).map((r) => r.leaseMs))) {
    const rs = n.failover!.filter((r) => r.leaseMs === leaseMs)
    const name = `failover, lease ${leaseMs / 1000} s`
    rows.push(
      row(name, 'SIGKILL → first write accepted', 'ms', median(rs.map((r) => r.killToAckMs)), null),
      row(name, 'last ack → first ack', 'ms', median(rs.map((r) => r.lastAckToFirstAckMs)), null),
      row(name, 'notes lost (all rounds)', '', sum(rs.map((r) => r.lost)), null),
      row(name, 'notes written (all rounds)', '', sum(rs.map((r) => r.notes)), null),
    )
  }
  return rows
}

/** The two-node scenario's bars: nothing lost; a dead owner's boards move within seconds. */
export function nodesChecks(res: BenchResults): Check[] {
  const n = res.nodes
  if (!n || n.skipped) return []
  const out: Check[] = []
  const two = (n.load ?? []).filter((l) => l.layout === 'two nodes')
  if (two.length > 0) {
    const lost = sum(two.map((l) => l.x.deliveriesLost))
    const late = sum(two.map((l) => l.x.deliveriesLate ?? 0))
    const expected = sum(two.map((l) => l.x.deliveriesExpected))
    out.push({
      bar: 'two nodes: no delivery lost (late ones apart)',
      pass: lost === 0,
      detail: `${lost} lost, ${late} late of ${expected}`,
    })
  }
  for (const leaseMs of new Set((n.failover ?? []).map((r) => r.leaseMs))) {
    const rs = n.failover!.filter((r) => r.leaseMs === leaseMs)
    const gap = median(rs.map((r) => r.lastAckToFirstAckMs))
    const lost = sum(rs.map((r) => r.lost))
    out.push(
      {
        bar: `failover (lease ${leaseMs / 1000} s): last ack → first ack ≤ lease + ${FAILOVER_SLACK_MS / 1000} s`,
        pass: gap <= leaseMs + FAILOVER_SLACK_MS,
        detail: `${f(gap)} ms`,
      },
      {
        bar: `failover (lease ${leaseMs / 1000} s): no note lost`,
        pass: lost === 0,
        detail: `${lost} of ${sum(rs.map((r) => r.notes))}`,
      },
    )
  }
  return out
}

/** A line saying why the two-node scenario did not run, or null. */
export function nodesSkipLine(res: BenchResults): string | null {
  return res.nodes?.skipped ? `- SKIP two nodes: ${res.nodes.skipped}` : null
}
