/**
 * A load-generator process (forked by workerPool.ts). It hosts a share of the clients, makes
 * their edits and cursor moves on a schedule, records when remote edits arrive, and reports
 * its own CPU use and event-loop delay so its queueing is not mistaken for the server's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { seedBoard } from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { BoardClient } from './boardClient'
import { boardDigest } from './digest'
import { createAt, nudge } from './edits'
import { leanClose, leanConnect, leanRun } from './leanClients'
import { nowMs } from './proc'
import type {
  ClientSpec,
  Command,
  DrainReport,
  OpenReport,
  Reply,
  RunPlan,
  RunReport,
  Send,
  StormJoin,
} from './protocol'
import { watchHolds } from './stalls'

interface Hosted {
  spec: ClientSpec
  client: BoardClient
  own: string[]
  seq: number
  name: string
}

const hosted: Hosted[] = []
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function connect(c: Extract<Command, { type: 'connect' }>): Promise<number> {
  // A new round: the last round's clients are garbage now, collected here rather than in a
  // window (workerPool.ts: the old space's floor).
  if (hosted.length === 0) globalThis.gc?.()
  for (let i = 0; i < c.clients.length; i += c.batch) {
    const batch = c.clients.slice(i, i + c.batch).map((spec) => {
      const name = `c${spec.key}`
      const client = new BoardClient({
        syncUrl: spec.syncUrl ?? c.syncUrl,
        board: spec.board,
        token: spec.token,
        name,
        ...(spec.person ? { person: spec.person.credential } : {}),
      })
      const h: Hosted = { spec, client, own: [], seq: 0, name }
      hosted.push(h)
      return h
    })
    await Promise.all(batch.map((h) => h.client.whenSynced(c.timeoutMs)))
  }
  return hosted.length
}

/**
 * Give every hosted client `notesPerClient` notes of its own (the ones it will move), each
 * written by its own client in one transaction: the server holds a connection without a
 * credential to the author its first note names, so one client cannot write another's
 * [F14.3]. The board's settings come from the first client of each board.
 */
function seed(notesPerClient: number, gen: prng.PRNG): number {
  const seeded = new Set<string>()
  let made = 0
  for (const h of hosted) {
    const writer = h.client.doc
    if (h.spec.seedMeta && !seeded.has(h.spec.board)) {
      seeded.add(h.spec.board)
      seedBoard(writer, { title: 'Benchmark board' })
    }
    writer.transact(() => {
      for (let i = 0; i < notesPerClient; i++) {
        h.own.push(
          createAt(writer, gen, `n${h.spec.key}-${h.seq++}`, h.name, nowMs(), h.spec.person),
        )
        made++
      }
    })
  }
  return made
}

async function waitNotes(perBoard: Record<string, number>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const behind = hosted.filter((h) => h.client.noteCount() < (perBoard[h.spec.board] ?? 0))
    if (behind.length === 0) return
    if (Date.now() > end) {
      const h = behind[0]!
      throw new Error(
        `${behind.length} clients behind; e.g. ${h.name} has ${h.client.noteCount()} of ${perBoard[h.spec.board]}`,
      )
    }
    await sleep(20)
  }
}

/**
 * Cursor moves: a share of the clients moves at a time, each sending at most `cursorHz` (the
 * app's throttle), phases spread. A late tick sends once, never a backlog: a busy browser
 * does the same, and the achieved rate is reported.
 */
function startCursors(plan: RunPlan, gen: prng.PRNG) {
  const tickMs = 10
  const periodMs = 1000 / plan.cursorHz
  const movingCount = Math.round(hosted.length * plan.cursorShare)
  const lastSent = new Map<Hosted, number>()
  let moving: Hosted[] = []
  let updates = 0
  const shuffle = () => {
    const pool = [...hosted]
    moving = []
    const t = nowMs()
    for (let i = 0; i < movingCount && pool.length > 0; i++) {
      const h = pool.splice(prng.uint32(gen, 0, pool.length - 1), 1)[0]!
      moving.push(h)
      if (!lastSent.has(h)) lastSent.set(h, t - prng.real53(gen) * periodMs)
    }
  }
  shuffle()
  const shuffleTimer = setInterval(shuffle, plan.cursorShuffleMs)
  const tickTimer = setInterval(() => {
    const t = nowMs()
    for (const h of moving) {
      if (t - (lastSent.get(h) ?? 0) < periodMs) continue
      lastSent.set(h, t)
      h.client.moveCursor(prng.uint32(gen, 0, 3000))
      updates++
    }
  }, tickMs)
  return {
    /** Cursor updates sent so far. */
    count: () => updates,
    /** Stop; returns the cursor updates sent in all. */
    stop() {
      clearInterval(shuffleTimer)
      clearInterval(tickTimer)
      return updates
    },
  }
}

async function run(plan: RunPlan): Promise<RunReport> {
  const gen = prng.create(plan.seed)
  const sends: Send[] = []
  for (const h of hosted) {
    h.client.obs = []
    h.client.recording = true
    h.client.cursorLatencies = []
    h.client.cursorFrom = plan.startAt
    h.client.cursorTo = plan.startAt + plan.durationMs
  }
  const dropsBefore = countDrops()
  const holds = watchHolds()
  const cursors = startCursors(plan, gen)
  // Cursors run through the warm-up too; only those of the window are reported.
  let cursorsAtOpen = 0
  const rate = hosted.length * plan.editsPerSecondPerClient
  const interval = 1000 / rate
  const count = Math.round((rate * plan.durationMs) / 1000)
  const warmup = Math.round((rate * plan.warmupMs) / 1000)
  const firstDue = plan.startAt - warmup * interval
  while (nowMs() < firstDue) await sleep(Math.min(50, Math.max(1, firstDue - nowMs())))
  const delay = monitorEventLoopDelay({ resolution: 5 })
  let cpu0 = process.cpuUsage()
  let t0 = nowMs()
  // Edits of the warm-up (i < 0) go out at the same rate but are neither measured nor expected.
  for (let i = -warmup; i < count; i++) {
    const due = plan.startAt + i * interval
    const wait = due - nowMs()
    if (wait > 1) await sleep(wait)
    if (i === 0) {
      delay.enable()
      cpu0 = process.cpuUsage()
      t0 = nowMs()
      cursorsAtOpen = cursors.count()
    }
    const h = hosted[prng.uint32(gen, 0, hosted.length - 1)]!
    const ts = nowMs()
    if (i % 2 === 0 || h.own.length === 0) {
      const id = createAt(h.client.doc, gen, `n${h.spec.key}-${h.seq++}`, h.name, ts, h.spec.person)
      h.own.push(id)
      if (i >= 0) sends.push([h.spec.board, id, ts])
    } else {
      const id = prng.oneOf(gen, h.own)
      if (nudge(h.client.doc, gen, id, ts) && i >= 0) sends.push([h.spec.board, id, ts])
    }
  }
  if (count === 0) {
    while (nowMs() < plan.startAt) await sleep(Math.min(50, Math.max(1, plan.startAt - nowMs())))
    delay.enable()
    cpu0 = process.cpuUsage()
    t0 = nowMs()
    cursorsAtOpen = cursors.count()
  }
  // The window lasts its full length even when the last edit went out early.
  while (nowMs() < plan.startAt + plan.durationMs) await sleep(10)
  const cpu = process.cpuUsage(cpu0)
  const wallMs = nowMs() - t0
  delay.disable()
  const held = holds.stop(plan.startAt)
  const cursorUpdates = cursors.stop() - cursorsAtOpen
  // Moves of the window's last milliseconds still arriving are let in before the report.
  await sleep(200)
  const cursorLatencies: number[] = []
  for (const h of hosted) {
    for (const l of h.client.cursorLatencies) cursorLatencies.push(l)
    h.client.cursorLatencies = []
    h.client.cursorTo = Number.NEGATIVE_INFINITY
  }
  return {
    cursorLatencies,
    sends,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    loopDelayMaxMs: delay.max / 1e6,
    cursorUpdates,
    drops: countDrops() - dropsBefore,
    ...held,
  }
}

function countDrops(): number {
  let n = 0
  for (const h of hosted) for (const v of h.client.closes.values()) n += v
  return n
}

async function drain(
  expect: Record<string, [string, number][]>,
  timeoutMs: number,
): Promise<DrainReport> {
  const end = Date.now() + timeoutMs
  const caughtUp = (h: Hosted) =>
    (expect[h.spec.board] ?? []).every(([id, ts]) => (h.client.seen.get(id) ?? -1) >= ts)
  let converged = false
  for (;;) {
    if (hosted.every(caughtUp)) {
      converged = true
      break
    }
    if (Date.now() > end) break
    await sleep(20)
  }
  const clients = hosted.map((h) => {
    h.client.recording = false
    const obs = h.client.obs
    h.client.obs = []
    return { key: h.spec.key, board: h.spec.board, obs }
  })
  return { clients, converged }
}

/** Time a fresh client's first full sync of a board holding `notes` notes. */
async function open(c: Extract<Command, { type: 'open' }>): Promise<OpenReport> {
  const t0 = nowMs()
  const client = new BoardClient({
    syncUrl: c.syncUrl,
    board: c.board,
    token: c.token,
    name: 'opener',
    observe: false,
  })
  let connectMs = Number.NaN
  let firstMessageMs = Number.NaN
  client.provider.on('status', (e: { status: string }) => {
    if (e.status === 'connected' && Number.isNaN(connectMs)) {
      connectMs = nowMs() - t0
      client.provider.ws?.addEventListener('message', () => {
        if (Number.isNaN(firstMessageMs)) firstMessageMs = nowMs() - t0
      })
    }
  })
  try {
    await client.whenSynced(c.timeoutMs)
    const syncedMs = nowMs() - t0
    const end = Date.now() + c.timeoutMs
    while (client.noteCount() < c.notes) {
      if (Date.now() > end) throw new Error(`opened ${client.noteCount()} of ${c.notes} notes`)
      await sleep(1)
    }
    const openMs = nowMs() - t0
    if (c.digest !== undefined && boardDigest(client.doc) !== c.digest) {
      throw new Error('the opened board differs from the expected state')
    }
    const bytes = Y.encodeStateAsUpdate(client.doc)
    let clientApplyMs = Number.POSITIVE_INFINITY
    for (let i = 0; i < 3; i++) {
      const a0 = nowMs()
      Y.applyUpdate(new Y.Doc(), bytes)
      clientApplyMs = Math.min(clientApplyMs, nowMs() - a0)
    }
    return { openMs, connectMs, firstMessageMs, syncedMs, docBytes: bytes.length, clientApplyMs }
  } finally {
    client.destroy()
  }
}

/** Resolve once `client` holds `notes` notes, or after `timeoutMs`. */
function notesReached(client: BoardClient, notes: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      client.doc.off('update', check)
      resolve()
    }
    const check = () => {
      if (client.noteCount() >= notes) done()
    }
    const timer = setTimeout(done, timeoutMs)
    client.doc.on('update', check)
    check()
  })
}

/**
 * A join storm's share: each client connects at its time, and is timed until it holds the whole
 * board (synced and every note read). The clients stay connected until `close`.
 */
async function storm(c: Extract<Command, { type: 'storm' }>): Promise<StormJoin[]> {
  const joins = c.clients.map(async (spec): Promise<StormJoin> => {
    const due = c.startAt + spec.atMs
    while (nowMs() < due) await sleep(Math.max(1, due - nowMs()))
    const connectAt = nowMs()
    const client = new BoardClient({
      syncUrl: c.syncUrl,
      board: spec.board,
      token: spec.token,
      name: `s${spec.key}`,
      observe: false,
      headers: c.headers,
    })
    hosted.push({ spec, client, own: [], seq: 0, name: `s${spec.key}` })
    let syncedAt = Number.NaN
    try {
      await client.whenSynced(c.timeoutMs)
      // Sync step 2 carries the whole board; should it not, wait for the updates that do
      // (an event each, not a timer per client: 200 polling timers would load the generator).
      if (client.noteCount() < c.notes) await notesReached(client, c.notes, c.timeoutMs)
      if (client.noteCount() >= c.notes) syncedAt = nowMs()
    } catch {
      // Counted as not synced.
    }
    const closes: number[] = []
    for (const [code, n] of client.closes) for (let i = 0; i < n; i++) closes.push(code)
    return { key: spec.key, connectAt, syncedAt, closes }
  })
  return Promise.all(joins)
}

function close(): number {
  for (const h of hosted) h.client.destroy()
  const n = hosted.length
  hosted.length = 0
  return n
}

const seedGen = prng.create(Number(process.env.BENCH_SEED ?? 1))

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.type) {
    case 'connect':
      return connect(cmd)
    case 'seed':
      return seed(cmd.notesPerClient, seedGen)
    case 'waitNotes':
      return waitNotes(cmd.perBoard, cmd.timeoutMs)
    case 'run':
      return run(cmd.plan)
    case 'drain':
      return drain(cmd.expect, cmd.timeoutMs)
    case 'close':
      return close()
    case 'open':
      return open(cmd)
    case 'storm':
      return storm(cmd)
    case 'leanConnect':
      return leanConnect(cmd.syncUrl, cmd.clients, cmd.batch, cmd.timeoutMs, cmd.transport)
    case 'leanRun':
      return leanRun(cmd.plan)
    case 'leanClose':
      return leanClose()
  }
}

process.on('message', (msg: { rid: number; cmd: Command }) => {
  handle(msg.cmd).then(
    (value) => process.send?.({ rid: msg.rid, ok: true, value } satisfies Reply),
    (err: unknown) =>
      process.send?.({
        rid: msg.rid,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      } satisfies Reply),
  )
})
process.on('disconnect', () => {
  close()
  leanClose()
  process.exit(0)
})
process.send?.({ rid: 0, ok: true, value: 'ready' } satisfies Reply)
