/**
 * Capacity: how many connections and boards one server holds on this machine with idle presence
 * plus light editing (every person moves a cursor at `cursorHz` and makes an edit every
 * `editEveryS`), while p99 delivery stays within the bar and nothing is lost. Lean clients
 * (leanClients.ts) are added in steps of connections, `peoplePerBoard` to a board, and each
 * step is measured over a window. Before a step's load, the server's RSS is read after one
 * client per new board joined (boards loaded) and after the rest joined (idle connections):
 * the RSS per loaded board and per idle connection. The steps go on past the bar (the bar is
 * the largest step that held it), so the curve shows where it bends; they stop at the first
 * step that loses a delivery or whose p99 passes `GIVE_UP_FACTOR` times the bar, when the load
 * generator saturates, or past a time bound.
 */

import { loadavg } from 'node:os'
import type { ChildServer } from './childServer'
import { createBoards } from './childServer'
import { TIMEOUT } from './config'
import type { LeanRunReport, LeanSpec } from './leanClients'
import { cpuMs, machineBusyMs, nowMs, rssMb, runQueueMs, systemCpuMs } from './proc'
import { metricsText, parseMetrics } from './serverMetrics'
import { spread } from './stats'
import type { LoadWorker } from './workerPool'

export interface CapacitySize {
  peoplePerBoard: number
  stepConnections: number[]
  maxConnections: number
  cursorHz: number
  editEveryS: number
  /** The load runs this long before the window, unmeasured (0: none). */
  warmupMs: number
  measureMs: number
  p99BarMs: number
  /** The lean clients' socket: the raw one (default) or `ws` (diagnostics). */
  transport?: 'raw' | 'ws'
  /**
   * The clients re-send every awareness change they are sent, as stock y-websocket 3.1 clients
   * do; false (default): only their own, as the project's browser client does (PRESENCE-SPEC
   * P1.4), the primary figure.
   */
  echo?: boolean
  /** Every step is run, however the one before fared (diagnostics). */
  allSteps?: boolean
}

export interface CapacityStep {
  connections: number
  boards: number
  p99BarMs: number
  edits: number
  editP50Ms: number
  editP99Ms: number
  cursorP50Ms: number
  cursorP99Ms: number
  lost: number
  serverCpuPct: number
  serverRssMb: number
  /** RSS added per board loaded in this step (with one connection each), KB. */
  kbPerBoard: number | null
  /** RSS added per further, idle connection in this step, KB. */
  kbPerIdleConnection: number | null
  /** All load generators over the window, % of one core; the busiest one. */
  generatorCpuPct: number
  generatorMaxCpuPct: number
  /** The generators' longest event-loop stall and their GC time over the window, ms. */
  generatorLongestStallMs?: number
  generatorGcMs?: number
  otherCpuPct: number
  /** The machine's 1-minute load average at the window's end. */
  loadAverage?: number
  /**
   * Share of the window the server's main thread, and the most delayed generator's, spent
   * runnable but waiting for a core, %: latency the machine added, not the process's work.
   */
  serverWaitPct?: number
  generatorMaxWaitPct?: number
  /** How late this process read the CPU at the window's start, ms (its readings cover less). */
  cpuReadLateMs?: number
  /** The kernel's share (system time) of the server's and of the generators' CPU, %. */
  serverSystemPct?: number
  generatorSystemPct?: number
  closed: number
  /**
   * Messages over the window, both directions (what the clients sent and received), per
   * second; and the CPU each side spent per message, µs. Less bent by a busy machine than
   * % of a core: a process that is given less CPU also moves fewer messages.
   */
  messagesPerS?: number
  serverUsPerMessage?: number
  generatorUsPerMessage?: number
  /**
   * The project's server: messages it sent over the window per connection-second, from its own
   * count (`board_messages_out_total`): what the presence tick lets out, apart from timing.
   */
  serverSendsPerConnectionS?: number
}

/** The whole capacity run stops past this, whatever step it is at. */
const RUN_BOUND_MS = 6 * 60_000
/** A generator process this busy over a window measures itself, not the server. */
const GENERATOR_SATURATED_PCT = 90
/** A step whose p99 passes this many times the bar is past the bend: no larger step is tried. */
const GIVE_UP_FACTOR = 10
const CONNECT_BATCH = 100

/** Boards in sessions of at most 200 (the API's limit); the reference makes rooms by name. */
async function moreBoards(server: ChildServer, n: number) {
  const out: Awaited<ReturnType<typeof createBoards>> = []
  for (let left = n; left > 0; left -= 200)
    out.push(...(await createBoards(server, Math.min(200, left))))
  return out
}

/** Run the capacity steps against `server`; returns the steps measured. */
export async function capacityRun(
  server: ChildServer,
  size: CapacitySize,
  workers: LoadWorker[],
  log: (s: string) => void,
): Promise<CapacityStep[]> {
  const steps: CapacityStep[] = []
  const t0 = Date.now()
  const specs: LeanSpec[] = []
  let boards: { id: string; token: string }[] = []
  let key = 0
  const connect = async (list: LeanSpec[]) => {
    await Promise.all(
      workers.map((w, i) =>
        w.call({
          type: 'leanConnect',
          syncUrl: server.syncUrl,
          clients: list.filter((_, j) => j % workers.length === i),
          batch: CONNECT_BATCH,
          timeoutMs: TIMEOUT.connectMs,
          transport: size.transport,
        }),
      ),
    )
  }
  try {
    for (const target of size.stepConnections) {
      if (target > size.maxConnections || Date.now() - t0 > RUN_BOUND_MS) break
      const wantBoards = Math.ceil(target / size.peoplePerBoard)
      const fresh = await moreBoards(server, wantBoards - boards.length)
      const rss0 = rssMb(server.pid)
      // One client per new board: the board is loaded.
      const firsts = fresh.map((b) => ({
        key: key++,
        board: b.id,
        token: b.token,
        timesCursors: true,
        echo: size.echo === true,
      }))
      await connect(firsts)
      const rss1 = rssMb(server.pid)
      boards = boards.concat(fresh)
      // Then the board's other people: idle connections until the load starts.
      const rest: LeanSpec[] = []
      for (const b of fresh) {
        for (let i = 1; i < size.peoplePerBoard; i++) {
          rest.push({
            key: key++,
            board: b.id,
            token: b.token,
            timesCursors: false,
            echo: size.echo === true,
          })
        }
      }
      await connect(rest)
      const rss2 = rssMb(server.pid)
      specs.push(...firsts, ...rest)
      const step = await measure(server, size, workers, specs.length, boards.length)
      step.kbPerBoard = fresh.length > 0 ? ((rss1 - rss0) * 1024) / fresh.length : null
      step.kbPerIdleConnection = rest.length > 0 ? ((rss2 - rss1) * 1024) / rest.length : null
      steps.push(step)
      log(
        `  capacity ${server.kind.padEnd(9)} ${size.echo ? 'stock echo' : 'own only  '} ${step.connections} conns / ${step.boards} boards: edit p50/p99 ${step.editP50Ms.toFixed(1)}/${step.editP99Ms.toFixed(1)} ms, ` +
          `cursor p50/p99 ${step.cursorP50Ms.toFixed(1)}/${step.cursorP99Ms.toFixed(1)} ms, lost ${step.lost}, server ${step.serverCpuPct.toFixed(0)} % ${step.serverRssMb.toFixed(0)} MB, ` +
          `${step.kbPerBoard?.toFixed(0) ?? '-'} KB/board ${step.kbPerIdleConnection?.toFixed(1) ?? '-'} KB/conn, generator ${step.generatorCpuPct.toFixed(0)} % (max ${step.generatorMaxCpuPct.toFixed(0)} %, longest stall ${step.generatorLongestStallMs?.toFixed(0)} ms, GC ${step.generatorGcMs?.toFixed(0)} ms), other ${step.otherCpuPct.toFixed(0)} %, load ${step.loadAverage?.toFixed(1)}, waiting for a core: server ${step.serverWaitPct?.toFixed(0)} %, generator ${step.generatorMaxWaitPct?.toFixed(0)} %; ` +
          `${step.messagesPerS?.toFixed(0)} messages/s, server ${step.serverUsPerMessage?.toFixed(1)} µs (${step.serverSystemPct?.toFixed(0)} % in the kernel) and generator ${step.generatorUsPerMessage?.toFixed(1)} µs (${step.generatorSystemPct?.toFixed(0)} %) CPU per message, server sends ${step.serverSendsPerConnectionS?.toFixed(1)} per connection-second` +
          ((step.cpuReadLateMs ?? 0) > 500
            ? `; CPU read ${step.cpuReadLateMs?.toFixed(0)} ms into the window: its CPU figures cover less`
            : ''),
      )
      const giveUpMs = size.p99BarMs * GIVE_UP_FACTOR
      const pastBend = step.editP99Ms > giveUpMs || step.cursorP99Ms > giveUpMs || step.lost > 0
      if (size.allSteps) continue
      if (pastBend || step.generatorMaxCpuPct > GENERATOR_SATURATED_PCT) break
    }
  } finally {
    await Promise.all(workers.map((w) => w.call({ type: 'leanClose' })))
  }
  return steps
}

async function measure(
  server: ChildServer,
  size: CapacitySize,
  workers: LoadWorker[],
  connections: number,
  boards: number,
): Promise<CapacityStep> {
  const startAt = nowMs() + 1500 + size.warmupMs
  const running = workers.map((w, i) =>
    w.call<LeanRunReport>({
      type: 'leanRun',
      plan: {
        startAt,
        warmupMs: size.warmupMs,
        durationMs: size.measureMs,
        cursorHz: size.cursorHz,
        editEveryS: size.editEveryS,
        seed: 77 + i,
      },
    }),
  )
  const pids = [server.pid, ...workers.map((w) => w.pid)]
  while (nowMs() < startAt - 300) await new Promise((r) => setTimeout(r, 10))
  const out0 = await sentByServer(server)
  while (nowMs() < startAt) await new Promise((r) => setTimeout(r, 10))
  // On a starved machine this process may reach the window late: its CPU readings then cover
  // only part of it (printed, so such a step is read as what it is).
  const lateMs = nowMs() - startAt
  const a = pids.map(cpuMs)
  const q0 = pids.map(runQueueMs)
  const k0 = pids.map(systemCpuMs)
  const m0 = machineBusyMs()
  const s0 = process.cpuUsage()
  while (nowMs() < startAt + size.measureMs) await new Promise((r) => setTimeout(r, 20))
  const used = pids.map((p, i) => cpuMs(p) - a[i]!)
  const waited = pids.map((p, i) => runQueueMs(p) - q0[i]!)
  const kernel = pids.map((p, i) => systemCpuMs(p) - k0[i]!)
  const self = process.cpuUsage(s0)
  const machine = machineBusyMs() - m0
  const rss = rssMb(server.pid)
  const load = loadavg()[0]!
  const out1 = await sentByServer(server)
  const reports = await Promise.all(running)
  const sent = new Map<string, number>()
  for (const r of reports) for (const [, id, ts] of r.sends) sent.set(id, ts)
  const seen = new Map<string, number>()
  const lat: number[] = []
  for (const r of reports) {
    for (const [, id, at] of r.arrivals) {
      const ts = sent.get(id)
      if (ts === undefined) continue
      lat.push(at - ts)
      seen.set(id, (seen.get(id) ?? 0) + 1)
    }
  }
  if (process.env.CAP_TAIL === '1') tailLines(reports, sent, startAt)
  let lost = 0
  for (const id of sent.keys()) lost += Math.max(0, size.peoplePerBoard - 1 - (seen.get(id) ?? 0))
  const edits = spread(lat)
  const cursors = spread(reports.flatMap((r) => r.cursorLatencies))
  const gen = used.slice(1)
  const genMs = gen.reduce((x, y) => x + y, 0)
  const messages = reports.reduce((x, r) => x + (r.received ?? 0) + (r.sent ?? 0), 0)
  const perMessage = (ms: number) => (messages > 0 ? (ms * 1000) / messages : Number.NaN)
  const pct = (ms: number) => (ms / size.measureMs) * 100
  return {
    connections,
    boards,
    p99BarMs: size.p99BarMs,
    edits: sent.size,
    editP50Ms: edits.p50,
    editP99Ms: edits.p99,
    cursorP50Ms: cursors.p50,
    cursorP99Ms: cursors.p99,
    lost,
    serverCpuPct: pct(used[0]!),
    serverRssMb: rss,
    kbPerBoard: null,
    kbPerIdleConnection: null,
    generatorCpuPct: pct(genMs),
    generatorMaxCpuPct: pct(Math.max(...gen)),
    generatorLongestStallMs: Math.max(0, ...reports.map((r) => r.longestStallMs ?? 0)),
    generatorGcMs: reports.reduce((x, r) => x + (r.gcMs ?? 0), 0),
    loadAverage: load,
    serverWaitPct: pct(waited[0]!),
    generatorMaxWaitPct: pct(Math.max(...waited.slice(1))),
    cpuReadLateMs: lateMs,
    serverSystemPct: used[0]! > 0 ? (kernel[0]! / used[0]!) * 100 : Number.NaN,
    generatorSystemPct:
      genMs > 0 ? (kernel.slice(1).reduce((x, y) => x + y, 0) / genMs) * 100 : Number.NaN,
    otherCpuPct: pct(Math.max(0, machine - (self.user + self.system) / 1000 - used[0]! - genMs)),
    closed: reports.reduce((x, r) => x + r.closed, 0),
    messagesPerS: messages / (size.measureMs / 1000),
    serverUsPerMessage: perMessage(used[0]!),
    generatorUsPerMessage: perMessage(genMs),
    serverSendsPerConnectionS:
      out1 - out0 >= 0 ? (out1 - out0) / connections / (size.measureMs / 1000) : Number.NaN,
  }
}

/** The project's count of messages sent (NaN for the reference, which has no metrics). */
async function sentByServer(server: ChildServer): Promise<number> {
  if (server.kind !== 'project') return Number.NaN
  const m = parseMetrics(await metricsText(server))
  return m.board_messages_out_total ?? Number.NaN
}

/**
 * Diagnostics (CAP_TAIL=1): each edit's slowest delivery in the order the edits went out, ms
 * from the window's start, to tell a cold first few edits from a tick or a stall.
 */
function tailLines(reports: LeanRunReport[], sent: Map<string, number>, startAt: number) {
  const worst = new Map<string, number>()
  for (const r of reports)
    for (const [, id, at] of r.arrivals) {
      const ts = sent.get(id)
      if (ts !== undefined) worst.set(id, Math.max(worst.get(id) ?? 0, at - ts))
    }
  const rows = [...sent].sort((a, b) => a[1] - b[1])
  console.error(
    `  edits in send order (ms into the window: slowest delivery ms): ${rows
      .map(([id, ts]) => `${(ts - startAt).toFixed(0)}:${(worst.get(id) ?? Number.NaN).toFixed(0)}`)
      .join(' ')}`,
  )
}
