/**
 * A session's load on one node and on two, rounds alternating (the two-node scenario of
 * `npm run bench`, and `npm run bench:nodes`): the breakouts' boards on PostgreSQL, one node
 * alone, or two nodes with Redis. On two, each board's people are dealt to both nodes in turn,
 * so about half of them reach the board through the node that does not own it.
 *
 * Every client signs in as a person of its own and presents the credential, as the app does
 * [F14.2]. A client without one is a person of its own per connection [F14.3]: after a
 * reconnect (a lease that moved, a forwarding node that gave up on a busy owner) it is no longer
 * the author of its notes, so its later edits of them are refused and reverted, which would
 * count as deliveries lost though the cluster lost nothing.
 *
 * Clients get `drainMs` to converge after the window: what arrives after the one-node rounds'
 * deadline (TIMEOUT.drainMs) counts as late, what never arrives as lost.
 */
import { loadavg } from 'node:os'
import { Node, type TestPostgres, type TestRedis } from '../faults/cluster'
import type { LiveScenarioSize } from './config'
import { type LiveRound, liveRound } from './live'
import { median } from './stats'
import type { LoadWorker } from './workerPool'

export const LAYOUTS = ['one node', 'two nodes'] as const
export type Layout = (typeof LAYOUTS)[number]

/** What one round of the session's load gave on one layout. */
export interface LoadRound {
  layout: Layout
  x: LiveRound
  /** Frames relayed by forwarding nodes / frames the owners took in and sent out. */
  forwarded: number
  frames: number
  /** Boards each node owned at the end of the round. */
  owned: (number | null)[]
  /** Leases the nodes gave up (not renewed in time) and writes refused by the fence. */
  leasesLost: number
  fenced: number
  /** The machine's 1-minute load average before and after the round. */
  loadBefore: number
  loadAfter: number
}

/** Sum of a counter over the nodes. */
const counter = async (nodes: Node[], name: string) =>
  (await Promise.all(nodes.map((n) => n.metric(name)))).reduce((a, b) => a + b, 0)

export interface SessionLoadOptions {
  pg: TestPostgres
  redis: TestRedis
  adminToken: string
  size: LiveScenarioSize
  rounds: number
  /** Forked by the caller, kept across rounds (the last one hosts the probe clients). */
  workers: LoadWorker[]
  /**
   * Bound of the wait for convergence after each window, and of the wait for the seeded notes
   * before it (a busy machine moves leases while people join).
   */
  drainMs: number
  log: (line: string) => void
}

/** The rounds, one node and two alternating. */
export async function sessionLoad(o: SessionLoadOptions): Promise<LoadRound[]> {
  const out: LoadRound[] = []
  const { size } = o
  o.log(
    `  session load: ${size.boards} boards of ${size.clientsPerBoard} people, ${size.editsPerSecondPerBoard} edits/s a board, ` +
      `cursors ${size.cursorShare * 100} % at ${size.cursorHz} Hz; ${size.measureMs / 1000} s measured after ${size.warmupMs / 1000} s`,
  )
  for (let r = 0; r < o.rounds; r++) {
    for (const layout of LAYOUTS) {
      const databaseUrl = o.pg.newDatabase()
      const env =
        layout === 'one node'
          ? { databaseUrl, leaseMs: 5000 }
          : { databaseUrl, redisUrl: o.redis.url, leaseMs: 5000 }
      const count = layout === 'one node' ? 1 : 2
      const nodes = Array.from({ length: count }, () => new Node(env, o.adminToken, 'bundle'))
      try {
        for (const n of nodes) await n.start()
        const loadBefore = loadavg()[0]!
        const forwarded0 = await counter(nodes, 'board_forwarded_frames_total')
        const frames0 =
          (await counter(nodes, 'board_messages_in_total')) +
          (await counter(nodes, 'board_messages_out_total'))
        const servers = nodes.map((n) => n.server)
        const x = await liveRound(
          servers[0]!,
          size,
          o.workers,
          4000 + r,
          undefined,
          undefined,
          servers,
          { signedPeople: true, drainMs: o.drainMs, syncMs: o.drainMs },
        )
        const round: LoadRound = {
          layout,
          x,
          forwarded: (await counter(nodes, 'board_forwarded_frames_total')) - forwarded0,
          frames:
            (await counter(nodes, 'board_messages_in_total')) +
            (await counter(nodes, 'board_messages_out_total')) -
            frames0,
          owned: await Promise.all(nodes.map((n) => n.owned())),
          leasesLost: await counter(nodes, 'board_leases_lost_total'),
          fenced: await counter(nodes, 'board_fenced_writes_total'),
          loadBefore,
          loadAfter: loadavg()[0]!,
        }
        out.push(round)
        o.log(`  round ${r + 1} ${layout.padEnd(9)} ${describeLoadRound(round, size.measureMs)}`)
      } finally {
        await Promise.all(nodes.map((n) => n.dispose()))
      }
    }
  }
  return out
}

const pct = (ms: number, windowMs: number) => `${((ms / windowMs) * 100).toFixed(0)} %`
const fmt = (v: number) => v.toFixed(1)

export function describeLoadRound(l: LoadRound, windowMs: number): string {
  const { x } = l
  const perNode = x.nodesCpuMs.map((ms) => pct(ms, windowMs)).join(' + ')
  const owned =
    l.owned.length > 1
      ? `, boards owned ${l.owned.join('/')}, leases lost ${l.leasesLost}, fenced writes ${l.fenced}`
      : ''
  return (
    `CPU ${perNode}${x.nodesCpuMs.length > 1 ? ` = ${pct(x.serverCpuMs, windowMs)}` : ''} of a core, ` +
    `forwarded ${((l.forwarded / Math.max(1, l.frames)) * 100).toFixed(0)} % of ${l.frames} frames${owned}, ` +
    `edit every p50/p99 ${fmt(x.everyP50Ms)}/${fmt(x.everyP99Ms)} ms, ` +
    `late ${x.deliveriesLate ?? 0}, lost ${x.deliveriesLost} of ${x.deliveriesExpected}, ` +
    `generator ${x.generatorCpuPct.toFixed(0)} %, other ${x.otherCpuPct.toFixed(0)} % ` +
    `(load ${l.loadBefore.toFixed(1)} → ${l.loadAfter.toFixed(1)})`
  )
}

/** Medians over the rounds, the two layouts side by side. */
export function summariseLoad(all: LoadRound[], windowMs: number, log: (s: string) => void) {
  log('  medians over the rounds (CPU in % of one core over the window):')
  for (const layout of LAYOUTS) {
    const rs = all.filter((l) => l.layout === layout)
    if (rs.length === 0) continue
    const nodes = rs[0]!.x.nodesCpuMs.length
    const perNode = Array.from({ length: nodes }, (_, i) =>
      pct(median(rs.map((l) => l.x.nodesCpuMs[i]!)), windowMs),
    )
    log(
      `  ${layout.padEnd(9)} CPU ${perNode.join(' + ')} (total ${pct(median(rs.map((l) => l.x.serverCpuMs)), windowMs)}), ` +
        `forwarded ${(median(rs.map((l) => l.forwarded / Math.max(1, l.frames))) * 100).toFixed(0)} %, ` +
        `every p50/p99 ${fmt(median(rs.map((l) => l.x.everyP50Ms)))}/${fmt(median(rs.map((l) => l.x.everyP99Ms)))} ms, ` +
        `late ${rs.reduce((a, l) => a + (l.x.deliveriesLate ?? 0), 0)}, lost ${rs.reduce((a, l) => a + l.x.deliveriesLost, 0)} (all rounds), ` +
        `generator ${median(rs.map((l) => l.x.generatorCpuPct)).toFixed(0)} %, other ${median(rs.map((l) => l.x.otherCpuPct)).toFixed(0)} %`,
    )
  }
}
