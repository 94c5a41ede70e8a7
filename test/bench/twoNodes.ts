/**
 * Two server nodes (the esbuild bundle under plain node, as `npm start` runs it) on one
 * PostgreSQL and one Redis, both started here in temporary folders: the two-node scenario of
 * `npm run bench` (`--only nodes`), and `npm run bench:nodes` on its own.
 *
 * - Latency by path, rounds alternating: a note written by a client on the board's owner or on
 *   the other node (forwarded), received by a client on the owner or on the other node; p50 and
 *   p99 of write → arrival, same clock.
 * - A session's load on one node and on two, rounds alternating (twoNodesLoad.ts): CPU of each
 *   node, the forwarded share, edit latency, deliveries late and lost, the load generator's CPU
 *   and the rest of the machine's.
 * - Failover (twoNodesFailover.ts): the owner SIGKILLed under writers; kill → first ack on the
 *   new owner, last ack → first ack, notes lost.
 *
 * The machine's load average is printed beside every round: this machine is shared.
 *
 *   tsx test/bench/twoNodes.ts [--rounds N] [--quick] [--only latency,load,failover]
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { createNote, notesMap } from '@sensemaking/shared'
import { postgresBin, redisBin } from '../../server/src/testing/services'
import {
  Node,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../faults/cluster'
import { BoardClient } from './boardClient'
import { buildBundle, createBoards } from './childServer'
import { FULL, type LiveScenarioSize, QUICK, TIMEOUT } from './config'
import { nowMs, waitFor } from './proc'
import { percentile } from './stats'
import { type FailoverRound, failoverRounds } from './twoNodesFailover'
import { type LoadRound, sessionLoad, summariseLoad } from './twoNodesLoad'
import { forkWorkers } from './workerPool'

export const NODE_PARTS = ['latency', 'load', 'failover'] as const
export type NodePart = (typeof NODE_PARTS)[number]

/** Sizes of the scenario: the full one, and a tiny one that only shows the harness works. */
interface NodesSize {
  load: LiveScenarioSize
  latencyNotes: number
  latencyEveryMs: number
  failoverWriters: number
  leasesMs: readonly number[]
  /** Bound of the wait for convergence after a load window (late: past TIMEOUT.drainMs). */
  drainMs: number
}

const SIZES: Record<'full' | 'quick', NodesSize> = {
  full: {
    load: FULL.breakouts,
    latencyNotes: 200,
    latencyEveryMs: 25,
    failoverWriters: 10,
    leasesMs: [5000, 2000],
    drainMs: 90_000,
  },
  quick: {
    load: QUICK.breakouts,
    latencyNotes: 20,
    latencyEveryMs: 25,
    failoverWriters: 3,
    leasesMs: [2000],
    drainMs: TIMEOUT.drainMs * 2,
  },
}

export interface LatencyPath {
  path: string
  p50Ms: number
  p99Ms: number
  notes: number
}

/** What the scenario measured (or why it did not run). */
export interface NodesResult {
  /** Set when the scenario did not run: why, in one line. */
  skipped?: string
  /** The load's measured window, ms (CPU shares are over it). */
  windowMs?: number
  latency?: LatencyPath[]
  load?: LoadRound[]
  failover?: FailoverRound[]
  /** The machine's 1-minute load average as the scenario started and ended. */
  loadStart?: number
  loadEnd?: number
}

/** Why the scenario cannot run here, or null. */
export function nodesMissing(): string | null {
  if (!postgresBin()) return 'PostgreSQL is not installed (initdb not found; set PG_BIN)'
  if (!redisBin()) return 'redis-server is not installed'
  return null
}

export interface NodesOptions {
  quick: boolean
  rounds: number
  parts: ReadonlySet<NodePart>
  log: (line: string) => void
}

/** Run the scenario's parts; the server bundle must be built. */
export async function nodesBench(o: NodesOptions): Promise<NodesResult> {
  const why = nodesMissing()
  if (why) return { skipped: why }
  const size = SIZES[o.quick ? 'quick' : 'full']
  const res: NodesResult = { loadStart: loadavg()[0]!, windowMs: size.load.measureMs }
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()])
  const adminToken = randomBytes(16).toString('hex')
  try {
    if (o.parts.has('latency')) {
      res.latency = await latencyByPath(pg, redis, adminToken, size, o.rounds, o.log)
    }
    if (o.parts.has('load')) {
      const workers = await forkWorkers(FULL.workers + 1, 4000)
      try {
        res.load = await sessionLoad({
          pg,
          redis,
          adminToken,
          size: size.load,
          rounds: o.rounds,
          workers,
          drainMs: size.drainMs,
          log: o.log,
        })
      } finally {
        await Promise.all(workers.map((w) => w.close()))
      }
      summariseLoad(res.load, size.load.measureMs, o.log)
    }
    if (o.parts.has('failover')) {
      res.failover = await failoverRounds({
        pg,
        redis,
        adminToken,
        leasesMs: size.leasesMs,
        rounds: o.rounds,
        writers: size.failoverWriters,
        log: o.log,
      })
    }
  } finally {
    await redis.stop()
    pg.stop()
  }
  res.loadEnd = loadavg()[0]!
  return res
}

/** Note arrival times at `c` (remote changes only). */
function arrivals(c: BoardClient): Map<string, number> {
  const at = new Map<string, number>()
  notesMap(c.doc).observe((ev, txn) => {
    if (txn.local) return
    const t = nowMs()
    for (const k of ev.keysChanged) if (!at.has(k)) at.set(k, t)
  })
  return at
}

const fmt = (v: number) => v.toFixed(1)

async function latencyByPath(
  pg: TestPostgres,
  redis: TestRedis,
  adminToken: string,
  size: NodesSize,
  rounds: number,
  log: (line: string) => void,
): Promise<LatencyPath[]> {
  const env = { databaseUrl: pg.newDatabase(), redisUrl: redis.url, leaseMs: 5000 }
  const nodes = [new Node(env, adminToken, 'bundle'), new Node(env, adminToken, 'bundle')]
  const clients: BoardClient[] = []
  const client = (node: Node, board: { id: string; token: string }, name: string) => {
    const c = new BoardClient({
      syncUrl: node.syncUrl,
      board: board.id,
      token: board.token,
      name,
      observe: false,
    })
    clients.push(c)
    return c
  }
  try {
    for (const n of nodes) await n.start()
    const [board] = await createBoards(nodes[0]!.server, 1)
    if (!board) throw new Error('no board')
    // The first client opens the board on node 0: it owns it.
    const onOwner = [client(nodes[0]!, board, 'o1'), client(nodes[0]!, board, 'o2')]
    for (const c of onOwner) await c.whenSynced(30_000)
    const onOther = [client(nodes[1]!, board, 'f1'), client(nodes[1]!, board, 'f2')]
    for (const c of onOther) await c.whenSynced(30_000)
    const paths = [
      { name: 'owner → owner', from: onOwner[0]!, to: onOwner[1]! },
      { name: 'other → owner', from: onOther[0]!, to: onOwner[1]! },
      { name: 'owner → other', from: onOwner[0]!, to: onOther[1]! },
      { name: 'other → other', from: onOther[0]!, to: onOther[1]! },
    ]
    const seen = new Map(paths.map((p) => [p, arrivals(p.to)]))
    const all = new Map(paths.map((p) => [p.name, [] as number[]]))
    let n = 0
    log('  latency (ms), write → arrival, by path; rounds alternate the paths')
    for (let r = 0; r < rounds; r++) {
      for (const p of paths) {
        const sent = new Map<string, number>()
        for (let i = 0; i < size.latencyNotes; i++) {
          const id = `l${n++}`
          sent.set(id, nowMs())
          createNote(p.from.doc, { id, text: id, column: 'what', x: 10, y: 10 })
          await new Promise((res) => setTimeout(res, size.latencyEveryMs))
        }
        const at = seen.get(p)!
        await waitFor(
          'every note to arrive',
          () => [...sent.keys()].every((id) => at.has(id)),
          30_000,
        )
        const ms = [...sent].map(([id, t]) => at.get(id)! - t).sort((x, y) => x - y)
        all.get(p.name)!.push(...ms)
        log(
          `  round ${r + 1} ${p.name.padEnd(14)} p50 ${fmt(percentile(ms, 50))} p99 ${fmt(percentile(ms, 99))} (load ${loadavg()[0]!.toFixed(1)})`,
        )
      }
    }
    return [...all].map(([path, ms]) => {
      ms.sort((x, y) => x - y)
      return { path, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), notes: ms.length }
    })
  } finally {
    for (const c of clients) c.destroy()
    await Promise.all(nodes.map((x) => x.dispose()))
  }
}

function summariseFailover(rounds: FailoverRound[], log: (line: string) => void) {
  for (const leaseMs of new Set(rounds.map((r) => r.leaseMs))) {
    const rs = rounds.filter((r) => r.leaseMs === leaseMs)
    const k = rs.map((r) => r.killToAckMs).sort((x, y) => x - y)
    const g = rs.map((r) => r.lastAckToFirstAckMs).sort((x, y) => x - y)
    log(
      `  lease ${leaseMs} ms, median of ${k.length}: kill → ack ${Math.round(percentile(k, 50))} ms ` +
        `(${Math.round(k[0]!)}–${Math.round(k[k.length - 1]!)}), last ack → first ack ${Math.round(percentile(g, 50))} ms, ` +
        `lost ${rs.reduce((a, r) => a + r.lost, 0)} of ${rs.reduce((a, r) => a + r.notes, 0)} notes`,
    )
  }
}

async function main() {
  const argv = process.argv.slice(2)
  const roundsArg = argv.indexOf('--rounds')
  const rounds = roundsArg >= 0 ? Number(argv[roundsArg + 1]) : 3
  const onlyArg = argv.indexOf('--only')
  const names = onlyArg >= 0 ? (argv[onlyArg + 1] ?? '').split(',') : [...NODE_PARTS]
  for (const n of names) {
    if (!NODE_PARTS.includes(n as NodePart))
      throw new Error(`unknown part "${n}" (${NODE_PARTS.join(', ')})`)
  }
  buildBundle()
  const log = (s: string) => console.log(s)
  const res = await nodesBench({
    quick: argv.includes('--quick'),
    rounds,
    parts: new Set(names as NodePart[]),
    log,
  })
  if (res.skipped) log(`two nodes skipped: ${res.skipped}`)
  if (res.failover) summariseFailover(res.failover, log)
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (e: Error) => {
      console.error(e.message)
      process.exit(1)
    },
  )
}

export { summariseFailover }
