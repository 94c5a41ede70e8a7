/**
 * `npm run bench:nodes`: two server nodes (the esbuild bundle under plain node, as `npm start`
 * runs it) on one PostgreSQL and one Redis, both started here in temporary folders.
 *
 * - Latency by path, rounds alternating: a note written by a client on the board's owner or on
 *   the other node (forwarded), received by a client on the owner or on the other node; p50 and
 *   p99 of write → arrival, same clock.
 * - Failover, rounds alternating between two lease times: ten writers behind a load balancer,
 *   the owner SIGKILLed; "kill → ack" is the time from the kill to the first note written after
 *   it that another client received (the new owner stored and relayed it); "last ack → first
 *   ack" is the gap between the last acknowledged note before the kill and that one.
 *
 * The machine's load average is printed beside every round: this machine is shared.
 *
 *   tsx test/bench/twoNodes.ts [--rounds N]
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { createNote, notesMap } from '@sensemaking/shared'
import { Node, startBalancer, startPostgres, startRedis } from '../faults/cluster'
import { BoardClient } from './boardClient'
import { buildBundle, createBoards } from './childServer'
import { nowMs, waitFor } from './proc'
import { percentile } from './stats'

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

async function main() {
  const roundsArg = process.argv.indexOf('--rounds')
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3
  buildBundle()
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()])
  const adminToken = randomBytes(16).toString('hex')
  try {
    // ---- latency by path ----
    {
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

    // ---- failover ----
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
