/**
 * Failover, rounds alternating between lease times: writers behind a load balancer, the
 * board's owner SIGKILLed mid-burst. "kill → ack" is the time from the kill to the first note
 * written after it that another client received (the new owner stored and relayed it); "last
 * ack → first ack" is the gap between the last note acknowledged before the kill and that one.
 * Then the writers stop and every note any of them wrote must reach every one of them, within
 * a bound: what does not is lost.
 */
import { loadavg } from 'node:os'
import { createNote, notesMap } from '@sensemaking/shared'
import { Node, startBalancer, type TestPostgres, type TestRedis } from '../faults/cluster'
import { BoardClient } from './boardClient'
import { createBoards } from './childServer'
import { nowMs, waitFor } from './proc'

const EVERY_MS = 20
/** Notes acknowledged before the owner is killed. */
const BEFORE_KILL = 50
/** Bound of the wait for the writers to converge after the failover. */
const CONVERGE_MS = 60_000

export interface FailoverRound {
  leaseMs: number
  killToAckMs: number
  lastAckToFirstAckMs: number
  /** Notes the writers made in all, and those missing from some writer at the end. */
  notes: number
  lost: number
  loadBefore: number
  loadAfter: number
}

export interface FailoverOptions {
  pg: TestPostgres
  redis: TestRedis
  adminToken: string
  leasesMs: readonly number[]
  rounds: number
  writers: number
  log: (line: string) => void
}

export async function failoverRounds(o: FailoverOptions): Promise<FailoverRound[]> {
  o.log(`  failover: ${o.writers} writers behind a balancer, the owner SIGKILLed`)
  const out: FailoverRound[] = []
  for (let r = 0; r < o.rounds; r++) {
    for (const leaseMs of o.leasesMs) {
      const x = await failoverRound(o, leaseMs)
      out.push(x)
      o.log(
        `  round ${r + 1} lease ${leaseMs} ms: kill → ack ${Math.round(x.killToAckMs)} ms, ` +
          `last ack → first ack ${Math.round(x.lastAckToFirstAckMs)} ms, lost ${x.lost} of ${x.notes} notes ` +
          `(load ${x.loadBefore.toFixed(1)} → ${x.loadAfter.toFixed(1)})`,
      )
    }
  }
  return out
}

async function failoverRound(o: FailoverOptions, leaseMs: number): Promise<FailoverRound> {
  const env = { databaseUrl: o.pg.newDatabase(), redisUrl: o.redis.url, leaseMs }
  const nodes = [new Node(env, o.adminToken, 'bundle'), new Node(env, o.adminToken, 'bundle')]
  for (const x of nodes) await x.start()
  const lb = await startBalancer(nodes)
  const writers: BoardClient[] = []
  let timer: NodeJS.Timeout | undefined
  try {
    const [board] = await createBoards(nodes[0]!.server, 1)
    if (!board) throw new Error('no board')
    const created = new Map<string, number>()
    const acked = new Map<string, number>()
    for (let i = 0; i < o.writers; i++) {
      const c = new BoardClient({
        syncUrl: lb.syncUrl,
        board: board.id,
        token: board.token,
        name: `w${i}`,
        observe: false,
      })
      notesMap(c.doc).observe((ev, txn) => {
        if (txn.local) return
        const t = nowMs()
        for (const k of ev.keysChanged) if (!acked.has(k)) acked.set(k, t)
      })
      writers.push(c)
    }
    for (const c of writers) await c.whenSynced(30_000)
    let n = 0
    timer = setInterval(() => {
      const c = writers[n % writers.length]!
      const id = `f${n++}`
      created.set(id, nowMs())
      createNote(c.doc, { id, text: id, column: 'what', x: 10, y: 10 })
    }, EVERY_MS)
    await waitFor('notes to flow', () => acked.size >= BEFORE_KILL, 30_000)
    const owned = await Promise.all(nodes.map((x) => x.owned()))
    const owner = nodes[owned.findIndex((x) => (x ?? 0) > 0)]
    if (!owner) throw new Error('no owner')
    const loadBefore = loadavg()[0]!
    const killedAt = nowMs()
    await owner.server.kill()
    const lastBefore = Math.max(...[...acked.values()].filter((t) => t <= killedAt))
    const after = () =>
      [...acked].filter(([id, t]) => t > killedAt && (created.get(id) ?? 0) > killedAt)
    await waitFor('a write acknowledged on the new owner', () => after().length > 0, 60_000)
    clearInterval(timer)
    const first = Math.min(...after().map(([, t]) => t))
    const missing = () => {
      let lost = 0
      for (const id of created.keys()) if (writers.some((c) => !notesMap(c.doc).has(id))) lost++
      return lost
    }
    await waitFor('every note at every writer', () => missing() === 0, CONVERGE_MS).catch(() => {})
    return {
      leaseMs,
      killToAckMs: first - killedAt,
      lastAckToFirstAckMs: first - lastBefore,
      notes: created.size,
      lost: missing(),
      loadBefore,
      loadAfter: loadavg()[0]!,
    }
  } finally {
    clearInterval(timer)
    for (const c of writers) c.destroy()
    await lb.close()
    await Promise.all(nodes.map((x) => x.dispose()))
  }
}
