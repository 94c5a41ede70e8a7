/**
 * `npm run bench:nodes`: two server nodes (the esbuild bundle under plain node, as `npm start`
 * runs it) on one PostgreSQL and one Redis, both started here in temporary folders.
 *
 * - Latency by path, rounds alternating: a note written by a client on the board's owner or on
 *   the other node (forwarded), received by a client on the owner or on the other node; p50 and
 *   p99 of write → arrival, same clock.
 * - A session's load (the benchmark's breakouts: 50 boards of 8 people) on one node and on two,
 *   rounds alternating; on two, each board's people are dealt to both nodes in turn, so about
 *   half of them reach the board through the node that does not own it. CPU of each node over
 *   the measured window, beside the one node's; the forwarded share (frames the forwarding node
 *   relayed, over all frames the owners took in and sent out); edit latency; the load
 *   generator's CPU and the rest of the machine's.
 * - Failover, rounds alternating between two lease times: ten writers behind a load balancer,
 *   the owner SIGKILLed; "kill → ack" is the time from the kill to the first note written after
 *   it that another client received (the new owner stored and relayed it); "last ack → first
 *   ack" is the gap between the last acknowledged note before the kill and that one.
 *
 * The machine's load average is printed beside every round: this machine is shared.
 *
 *   tsx test/bench/twoNodes.ts [--rounds N] [--only latency,load,failover]
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { createNote, notesMap } from '@sensemaking/shared'
import {
  Node,
  startBalancer,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../faults/cluster'
import { BoardClient } from './boardClient'
import { buildBundle, createBoards } from './childServer'
import { FULL } from './config'
import { type LiveRound, liveRound } from './live'
import { nowMs, waitFor } from './proc'
import { median, percentile } from './stats'
import { forkWorkers } from './workerPool'

const LATENCY_NOTES = 200
const LATENCY_EVERY_MS = 25
const FAILOVER_WRITERS = 10
const FAILOVER_EVERY_MS = 20
const LEASES_MS = [5000, 2000] as const

const load = () => loadavg()[0]!.toFixed(1)
const fmt = (v: number) => v.toFixed(1)

function client(syncUrl: string, board: { id: string; token: string }, name: string) {
  return new BoardClient({ syncUrl, board: board.id, token: board.token, name, observe: false })
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

/** What one round of the session's load gave on one layout. */
interface LoadRound {
  x: LiveRound
  /** Frames relayed by forwarding nodes / frames the owners took in and sent out. */
  forwarded: number
  frames: number
  /** Boards each node owned at the end of the round. */
  owned: (number | null)[]
  /** Leases the nodes gave up (not renewed in time) and writes refused by the fence. */
  leasesLost: number
  fenced: number
  loadBefore: string
  loadAfter: string
}

const SESSION_LAYOUTS = ['one node', 'two nodes'] as const
type Layout = (typeof SESSION_LAYOUTS)[number]

/** Sum of a counter over the nodes. */
const counter = async (nodes: Node[], name: string) =>
  (await Promise.all(nodes.map((n) => n.metric(name)))).reduce((a, b) => a + b, 0)

/**
 * The breakouts' load on one node (PostgreSQL, no Redis) and on two (PostgreSQL and Redis),
 * rounds alternating, the load generators kept across rounds.
 */
async function sessionLoad(
  pg: TestPostgres,
  redis: TestRedis,
  adminToken: string,
  rounds: number,
): Promise<Map<Layout, LoadRound[]>> {
  const size = FULL.breakouts
  const out = new Map<Layout, LoadRound[]>(SESSION_LAYOUTS.map((l) => [l, []]))
  const workers = await forkWorkers(FULL.workers + 1, 4000)
  console.log(
    `session load: ${size.boards} boards of ${size.clientsPerBoard} people, ${size.editsPerSecondPerBoard} edits/s a board, ` +
      `cursors ${size.cursorShare * 100} % at ${size.cursorHz} Hz; ${size.measureMs / 1000} s measured after ${size.warmupMs / 1000} s`,
  )
  try {
    for (let r = 0; r < rounds; r++) {
      for (const layout of SESSION_LAYOUTS) {
        const databaseUrl = pg.newDatabase()
        const env =
          layout === 'one node'
            ? { databaseUrl, leaseMs: 5000 }
            : { databaseUrl, redisUrl: redis.url, leaseMs: 5000 }
        const count = layout === 'one node' ? 1 : 2
        const nodes = Array.from({ length: count }, () => new Node(env, adminToken, 'bundle'))
        try {
          for (const n of nodes) await n.start()
          const loadBefore = load()
          const forwarded0 = await counter(nodes, 'board_forwarded_frames_total')
          const frames0 =
            (await counter(nodes, 'board_messages_in_total')) +
            (await counter(nodes, 'board_messages_out_total'))
          const servers = nodes.map((n) => n.server)
          const x = await liveRound(
            servers[0]!,
            size,
            workers,
            4000 + r,
            undefined,
            undefined,
            servers,
          )
          const forwarded = (await counter(nodes, 'board_forwarded_frames_total')) - forwarded0
          const frames =
            (await counter(nodes, 'board_messages_in_total')) +
            (await counter(nodes, 'board_messages_out_total')) -
            frames0
          const owned = await Promise.all(nodes.map((n) => n.owned()))
          const leasesLost = await counter(nodes, 'board_leases_lost_total')
          const fenced = await counter(nodes, 'board_fenced_writes_total')
          const round = {
            x,
            forwarded,
            frames,
            owned,
            leasesLost,
            fenced,
            loadBefore,
            loadAfter: load(),
          }
          out.get(layout)!.push(round)
          console.log(
            `  round ${r + 1} ${layout.padEnd(9)} ${describeLoadRound(round, size.measureMs)}`,
          )
        } finally {
          await Promise.all(nodes.map((n) => n.dispose()))
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
  return out
}

const pct = (ms: number, windowMs: number) => `${((ms / windowMs) * 100).toFixed(0)} %`

function describeLoadRound(l: LoadRound, windowMs: number): string {
  const { x } = l
  const perNode = x.nodesCpuMs.map((ms) => pct(ms, windowMs)).join(' + ')
  const owned =
    l.owned.length > 1
      ? `, boards owned ${l.owned.join('/')}, leases lost ${l.leasesLost}, fenced writes ${l.fenced}`
      : ''
  return (
    `CPU ${perNode}${x.nodesCpuMs.length > 1 ? ` = ${pct(x.serverCpuMs, windowMs)}` : ''} of a core, ` +
    `forwarded ${((l.forwarded / Math.max(1, l.frames)) * 100).toFixed(0)} % of ${l.frames} frames${owned}, ` +
    `edit every p50/p99 ${fmt(x.everyP50Ms)}/${fmt(x.everyP99Ms)} ms, lost ${x.deliveriesLost}/${x.deliveriesExpected}, ` +
    `generator ${x.generatorCpuPct.toFixed(0)} %, other ${x.otherCpuPct.toFixed(0)} % (load ${l.loadBefore} → ${l.loadAfter})`
  )
}

/** Medians over the rounds, the two layouts side by side. */
function summariseLoad(all: Map<Layout, LoadRound[]>, windowMs: number) {
  console.log('  medians over the rounds (CPU in % of one core over the window):')
  for (const [layout, rs] of all) {
    if (rs.length === 0) continue
    const nodes = rs[0]!.x.nodesCpuMs.length
    const perNode = Array.from({ length: nodes }, (_, i) =>
      pct(median(rs.map((l) => l.x.nodesCpuMs[i]!)), windowMs),
    )
    console.log(
      `  ${layout.padEnd(9)} CPU ${perNode.join(' + ')} (total ${pct(median(rs.map((l) => l.x.serverCpuMs)), windowMs)}), ` +
        `forwarded ${(median(rs.map((l) => l.forwarded / Math.max(1, l.frames))) * 100).toFixed(0)} %, ` +
        `every p50/p99 ${fmt(median(rs.map((l) => l.x.everyP50Ms)))}/${fmt(median(rs.map((l) => l.x.everyP99Ms)))} ms, ` +
        `generator ${median(rs.map((l) => l.x.generatorCpuPct)).toFixed(0)} %, other ${median(rs.map((l) => l.x.otherCpuPct)).toFixed(0)} %`,
    )
  }
}

async function main() {
  const roundsArg = process.argv.indexOf('--rounds')
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3
  const onlyArg = process.argv.indexOf('--only')
  const only = new Set(
    onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : ['latency', 'load', 'failover'],
  )
  buildBundle()
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()])
  const adminToken = randomBytes(16).toString('hex')
  try {
    // ---- latency by path ----
    if (only.has('latency')) {
      const env = { databaseUrl: pg.newDatabase(), redisUrl: redis.url, leaseMs: 5000 }
      const nodes = [new Node(env, adminToken, 'bundle'), new Node(env, adminToken, 'bundle')]
      for (const n of nodes) await n.start()
      try {
        const [board] = await createBoards(nodes[0]!.server, 1)
        if (!board) throw new Error('no board')
        // The first client opens the board on node 0: it owns it.
        const onOwner = [
          client(nodes[0]!.syncUrl, board, 'o1'),
          client(nodes[0]!.syncUrl, board, 'o2'),
        ]
        await onOwner[0]!.whenSynced(30_000)
        await onOwner[1]!.whenSynced(30_000)
        const onOther = [
          client(nodes[1]!.syncUrl, board, 'f1'),
          client(nodes[1]!.syncUrl, board, 'f2'),
        ]
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
        console.log('latency (ms), write → arrival, by path; rounds alternate the paths')
        for (let r = 0; r < rounds; r++) {
          for (const p of paths) {
            const sent = new Map<string, number>()
            for (let i = 0; i < LATENCY_NOTES; i++) {
              const id = `l${n++}`
              sent.set(id, nowMs())
              createNote(p.from.doc, { id, text: id, column: 'what', x: 10, y: 10 })
              await new Promise((res) => setTimeout(res, LATENCY_EVERY_MS))
            }
            const at = seen.get(p)!
            await waitFor(
              'every note to arrive',
              () => [...sent.keys()].every((id) => at.has(id)),
              30_000,
            )
            const ms = [...sent].map(([id, t]) => at.get(id)! - t).sort((x, y) => x - y)
            all.get(p.name)!.push(...ms)
            console.log(
              `  round ${r + 1} ${p.name.padEnd(14)} p50 ${fmt(percentile(ms, 50))} p99 ${fmt(percentile(ms, 99))} (load ${load()})`,
            )
          }
        }
        for (const [name, ms] of all) {
          ms.sort((x, y) => x - y)
          console.log(
            `  all rounds ${name.padEnd(14)} p50 ${fmt(percentile(ms, 50))} p99 ${fmt(percentile(ms, 99))} (${ms.length} notes)`,
          )
        }
        for (const c of [...onOwner, ...onOther]) c.destroy()
      } finally {
        await Promise.all(nodes.map((x) => x.dispose()))
      }
    }

    // ---- a session's load, one node beside two ----
    if (only.has('load')) {
      summariseLoad(await sessionLoad(pg, redis, adminToken, rounds), FULL.breakouts.measureMs)
    }

    // ---- failover ----
    if (!only.has('failover')) return
    console.log(`failover: ${FAILOVER_WRITERS} writers behind a balancer, the owner SIGKILLed`)
    const results = new Map<number, { kill: number[]; gap: number[] }>(
      LEASES_MS.map((l) => [l, { kill: [], gap: [] }]),
    )
    for (let r = 0; r < rounds; r++) {
      for (const leaseMs of LEASES_MS) {
        const env = { databaseUrl: pg.newDatabase(), redisUrl: redis.url, leaseMs }
        const nodes = [new Node(env, adminToken, 'bundle'), new Node(env, adminToken, 'bundle')]
        for (const x of nodes) await x.start()
        const lb = await startBalancer(nodes)
        const writers: BoardClient[] = []
        try {
          const [board] = await createBoards(nodes[0]!.server, 1)
          if (!board) throw new Error('no board')
          const created = new Map<string, number>()
          const acked = new Map<string, number>()
          for (let i = 0; i < FAILOVER_WRITERS; i++) {
            const c = client(lb.syncUrl, board, `w${i}`)
            notesMap(c.doc).observe((ev, txn) => {
              if (txn.local) return
              const t = nowMs()
              for (const k of ev.keysChanged) if (!acked.has(k)) acked.set(k, t)
            })
            writers.push(c)
          }
          for (const c of writers) await c.whenSynced(30_000)
          let n = 0
          const timer = setInterval(() => {
            const c = writers[n % writers.length]!
            const id = `f${n++}`
            created.set(id, nowMs())
            createNote(c.doc, { id, text: id, column: 'what', x: 10, y: 10 })
          }, FAILOVER_EVERY_MS)
          await waitFor('notes to flow', () => acked.size >= 50, 30_000)
          const owned = await Promise.all(nodes.map((x) => x.owned()))
          const owner = nodes[owned.findIndex((o) => (o ?? 0) > 0)]
          if (!owner) throw new Error('no owner')
          const before = load()
          const killedAt = nowMs()
          await owner.server.kill()
          const lastBefore = Math.max(...[...acked.values()].filter((t) => t <= killedAt))
          const after = () =>
            [...acked].filter(([id, t]) => t > killedAt && (created.get(id) ?? 0) > killedAt)
          await waitFor('a write acknowledged on the new owner', () => after().length > 0, 60_000)
          clearInterval(timer)
          const first = Math.min(...after().map(([, t]) => t))
          const res = results.get(leaseMs)!
          res.kill.push(first - killedAt)
          res.gap.push(first - lastBefore)
          console.log(
            `  round ${r + 1} lease ${leaseMs} ms: kill → ack ${Math.round(first - killedAt)} ms, ` +
              `last ack → first ack ${Math.round(first - lastBefore)} ms (load ${before} → ${load()})`,
          )
        } finally {
          for (const c of writers) c.destroy()
          await lb.close()
          await Promise.all(nodes.map((x) => x.dispose()))
        }
      }
    }
    for (const [leaseMs, res] of results) {
      const k = [...res.kill].sort((x, y) => x - y)
      const g = [...res.gap].sort((x, y) => x - y)
      console.log(
        `  lease ${leaseMs} ms, median of ${k.length}: kill → ack ${Math.round(percentile(k, 50))} ms ` +
          `(${Math.round(k[0]!)}–${Math.round(k[k.length - 1]!)}), last ack → first ack ${Math.round(percentile(g, 50))} ms`,
      )
    }
  } finally {
    await redis.stop()
    pg.stop()
  }
}

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(1)
})
