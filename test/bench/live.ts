/**
 * Live scenarios (plenary, breakouts): boards full of real clients spread over load-generator
 * processes, making edits and cursor moves at a set rate, against one server child. Returns
 * one round's figures: edit latencies, deliveries lost, the server's CPU time over the window
 * and its peak RSS, and the generator's own CPU and event-loop delay beside them.
 */

import { type ChildServer, createBoards, createSessions } from './childServer'
import { type LiveScenarioSize, TIMEOUT } from './config'
import { type DashboardFigures, startDashboards } from './dashboard'
import { cpuMs, machineBusyMs, nowMs, peakRssMb, threadCpuMs, threadDelta } from './proc'
import type { ClientSpec, DrainReport, RunReport, Send } from './protocol'
import { type MetricFigures, serverMetrics } from './serverMetrics'
import { listAt, matchLatencies, percentile, spread } from './stats'
import type { LoadWorker } from './workerPool'

export interface LiveRound {
  edits: number
  deliveriesExpected: number
  deliveriesLost: number
  /**
   * Deliveries that arrived after the usual drain deadline (TIMEOUT.drainMs past the window)
   * but within a longer one (`LiveOptions.drainMs`); counted only when that is given.
   */
  deliveriesLate?: number
  firstP50Ms: number
  firstP99Ms: number
  firstMaxMs: number
  everyP50Ms: number
  everyP99Ms: number
  everyMaxMs: number
  /** Deliveries to the probe clients only (a lightly loaded process). */
  probeP50Ms: number
  probeP99Ms: number
  cursorUpdatesPerSecond: number
  /** Other people's cursor moves of the window as they arrived, at every client / the probes. */
  cursorP50Ms: number
  cursorP99Ms: number
  cursorProbeP50Ms: number
  cursorProbeP99Ms: number
  cursorDeliveries: number
  serverCpuMs: number
  /**
   * The server's CPU from the window's start until every delivery of the window's edits was
   * seen (the drain), ms: work the window's load caused but a busy machine let the server do
   * only after the window is counted too.
   */
  serverCpuToDrainMs?: number
  /** Several nodes: each node's CPU over the window, ms (serverCpuMs is their sum). */
  nodesCpuMs: number[]
  /** The server's CPU over the window by thread (main JS thread, GC helpers, libuv pool…), ms. */
  serverThreadsMs: Record<string, number>
  /** Server CPU over the window as a share of one core, in %. */
  serverCpuPct: number
  serverPeakRssMb: number
  /** The server's RSS when idle right after its start, MB. */
  serverStartRssMb: number
  /** All load-generator processes over the window, % of one core. */
  generatorCpuPct: number
  /** The busiest load-generator process, % of one core. */
  generatorMaxCpuPct: number
  generatorLoopDelayP99Ms: number
  /** CPU used by everything else on the machine over the window, % of one core. */
  otherCpuPct: number
  connectMs: number
  drops: number
  converged: boolean
  /** The project server's own figures at the end of the round (event-loop lag over the window, writes). */
  serverMetrics: MetricFigures | null
  /** With session dashboards open: what they saw. */
  dashboard?: DashboardFigures
  /**
   * Each load-generator process (the probe process last): its deliveries' p99, its CPU, its
   * garbage collections and event-loop stalls over the window; and the window's worst edits
   * (ms from the window's start, and the p90 of their deliveries), to set beside the stalls.
   */
  generators?: GeneratorHolds[]
  worstEdits?: [atMs: number, p90Ms: number][]
}

/** What one load-generator process did over a window, to tell its queueing from the server's. */
export interface GeneratorHolds {
  everyP99Ms: number
  cpuPct: number
  majorGc: { n: number; ms: number; maxMs: number }
  minorGc: { n: number; ms: number; maxMs: number }
  /** Event-loop stalls over STALL_MS: how many, the longest, all of them together, ms. */
  stalls: { n: number; maxMs: number; ms: number }
  /** Stalls of 50 ms or more: ms from the window's start, and their length. */
  longStalls: [atMs: number, gapMs: number][]
}

/** Session dashboards to open during a round (project server only). */
export interface DashboardPlan {
  /** The boards are made in sessions of this many rooms. */
  roomsPerSession: number
  /** No dashboard (the same sessions, for comparison), one on the first session, or one on each. */
  watch: 'none' | 'one' | 'all'
}

const CONNECT_BATCH = 20

/** More of a round, for the several-nodes scenario. */
export interface LiveOptions {
  /**
   * Every client signs in as a person of its own first (POST /api/people) and presents the
   * credential, as the app does [F14.2]: it stays the author of its notes across reconnects.
   */
  signedPeople?: boolean
  /**
   * Wait this long for every client to converge after the window (instead of TIMEOUT.drainMs);
   * what arrives after TIMEOUT.drainMs is counted late, what never arrives lost.
   */
  drainMs?: number
  /** Bound of the wait for every client to hold the notes seeded before the window. */
  syncMs?: number
}

/** Sign in `count` people on `server`, a few requests at a time. */
async function signPeople(server: ChildServer, count: number) {
  const out: NonNullable<ClientSpec['person']>[] = []
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, async (_, j) => {
      const r = await fetch(`${server.url}/api/people`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench ${i + j}`, city: 'Bench' }),
      })
      if (r.status !== 200) throw new Error(`POST /api/people answered ${r.status}`)
      return (await r.json()) as NonNullable<ClientSpec['person']>
    })
    out.push(...(await Promise.all(batch)))
  }
  return out
}

/**
 * Run one round of a live scenario against `server`, on load-generator processes forked by the
 * caller (kept across rounds): the last one hosts the probe clients, the others share the rest.
 */
export async function liveRound(
  server: ChildServer,
  size: LiveScenarioSize,
  workers: LoadWorker[],
  seed: number,
  /** Called as the measured window opens and closes (e.g. to profile the server over it). */
  window?: { open(): Promise<void>; close(): Promise<void> },
  /** Session dashboards open through the round; without, the boards are one session. */
  dashboards?: DashboardPlan,
  /**
   * Several nodes of one cluster, `server` first: the clients are dealt to them in turn (a
   * board's clients on every node) and each node's CPU is measured.
   */
  nodes: readonly ChildServer[] = [server],
  more: LiveOptions = {},
): Promise<LiveRound> {
  const made = dashboards
    ? await createSessions(server, size.boards, dashboards.roomsPerSession)
    : { boards: await createBoards(server, size.boards), sessions: [] }
  const boards = made.boards
  const watched = dashboards?.watch === 'all' ? made.sessions : made.sessions.slice(0, 1)
  const watching =
    dashboards && dashboards.watch !== 'none' ? startDashboards(server.url, watched) : null
  const specs: ClientSpec[] = []
  const people = more.signedPeople
    ? await signPeople(server, boards.length * size.clientsPerBoard)
    : null
  boards.forEach((b, bi) => {
    for (let c = 0; c < size.clientsPerBoard; c++) {
      const person = people?.[bi * size.clientsPerBoard + c]
      specs.push({
        ...(person ? { person } : {}),
        key: bi * size.clientsPerBoard + c,
        board: b.id,
        token: b.token,
        seedMeta: server.kind === 'reference' && c === 0,
        ...(nodes.length > 1 ? { syncUrl: nodes[c % nodes.length]!.syncUrl } : {}),
      })
    }
  })
  // The heavy workers share the clients; the probe process hosts a few of every board.
  const probesPerBoard = Math.max(1, Math.ceil(size.probeClients / size.boards))
  const isProbe = (s: ClientSpec) => s.key % size.clientsPerBoard < probesPerBoard
  const workerCount = workers.length - 1
  const probeIndex = workerCount
  if (workerCount < 1) throw new Error('a live round needs at least two load workers')
  try {
    const shares = workers.map((_, w) =>
      w === probeIndex
        ? specs.filter(isProbe)
        : specs.filter((s) => !isProbe(s) && s.key % workerCount === w),
    )
    const c0 = nowMs()
    await Promise.all(
      workers.map((w, i) =>
        w.call({
          type: 'connect',
          syncUrl: server.syncUrl,
          clients: shares[i]!,
          batch: CONNECT_BATCH,
          timeoutMs: TIMEOUT.connectMs,
        }),
      ),
    )
    const connectMs = nowMs() - c0
    // Every client owns one note before the window, so moves have something to move.
    await Promise.all(workers.map((w) => w.call({ type: 'seed', notesPerClient: 1 })))
    const perBoard = Object.fromEntries(boards.map((b) => [b.id, size.clientsPerBoard]))
    await Promise.all(
      workers.map((w) =>
        w.call({ type: 'waitNotes', perBoard, timeoutMs: more.syncMs ?? TIMEOUT.syncMs }),
      ),
    )

    const startAt = nowMs() + size.warmupMs
    watching?.window(startAt, startAt + size.measureMs)
    const plan = {
      startAt,
      warmupMs: size.warmupMs,
      durationMs: size.measureMs,
      editsPerSecondPerClient: size.editsPerSecondPerBoard / size.clientsPerBoard,
      cursorShare: size.cursorShare,
      cursorHz: size.cursorHz,
      cursorShuffleMs: size.cursorShuffleMs,
    }
    const running = workers.map((w, i) =>
      w.call<RunReport>({ type: 'run', plan: { ...plan, seed: seed * 1000 + i } }),
    )
    // Read the server's metrics once before the window: its event-loop lag figures restart from
    // each read, so the read after the round covers the warm-up's end and the window.
    await serverMetrics(server)
    const heavyPids = workers.filter((_, i) => i !== probeIndex).map((w) => w.pid)
    const pids = [...nodes.map((n) => n.pid), ...workers.map((w) => w.pid)]
    const used = await cpuOver(pids, startAt, startAt + size.measureMs, window)
    const afterWindow = nodes.map((n) => cpuMs(n.pid))
    const reports = await Promise.all(running)
    const nodesCpuMs = used.perPid.slice(0, nodes.length)
    const cpu = nodesCpuMs.reduce((a, b) => a + b, 0)
    const generatorMs = used.perPid.slice(nodes.length).reduce((a, b) => a + b, 0)
    const heavyMax = Math.max(...heavyPids.map((p) => used.perPid[pids.indexOf(p)]!))

    const sends: Send[] = reports.flatMap((r) => r.sends)
    // Every client must end with the last edit of every note of its board.
    const last = new Map<string, Send>()
    for (const s of sends) last.set(`${s[0]}\u0000${s[1]}`, s)
    const byBoard = new Map<string, [string, number][]>()
    for (const [board, id, ts] of last.values()) listAt(byBoard, board).push([id, ts])
    const expect = Object.fromEntries(byBoard)
    const drainFrom = nowMs()
    const drained = await Promise.all(
      workers.map((w) =>
        w.call<DrainReport>({
          type: 'drain',
          expect,
          timeoutMs: more.drainMs ?? TIMEOUT.drainMs,
        }),
      ),
    )
    const afterDrain = nodes.map((n, i) => cpuMs(n.pid) - afterWindow[i]!)
    const peak = peakRssMb(server.pid)
    const metrics = await serverMetrics(server)
    const dashboard = await watching?.stop()
    const receivers = drained.flatMap((d) => d.clients)
    const lat = matchLatencies(
      sends,
      receivers,
      more.drainMs ? drainFrom + TIMEOUT.drainMs : Number.POSITIVE_INFINITY,
    )
    const first = spread(lat.first)
    const every = spread(lat.every)
    const probe = spread(probeLatencies(sends, drained[probeIndex]!.clients))
    const cursorsAll = spread(reports.flatMap((r) => r.cursorLatencies))
    const cursorsProbe = spread(reports[probeIndex]!.cursorLatencies)
    const windowS = size.measureMs / 1000
    return {
      edits: sends.length,
      deliveriesExpected: lat.expected,
      deliveriesLost: lat.lost,
      ...(more.drainMs ? { deliveriesLate: lat.late } : {}),
      firstP50Ms: first.p50,
      firstP99Ms: first.p99,
      firstMaxMs: first.max,
      everyP50Ms: every.p50,
      everyP99Ms: every.p99,
      everyMaxMs: every.max,
      probeP50Ms: probe.p50,
      probeP99Ms: probe.p99,
      cursorUpdatesPerSecond: reports.reduce((a, r) => a + r.cursorUpdates, 0) / windowS,
      cursorP50Ms: cursorsAll.p50,
      cursorP99Ms: cursorsAll.p99,
      cursorProbeP50Ms: cursorsProbe.p50,
      cursorProbeP99Ms: cursorsProbe.p99,
      cursorDeliveries: reports.reduce((a, r) => a + r.cursorLatencies.length, 0),
      serverCpuMs: cpu,
      serverCpuToDrainMs: cpu + afterDrain.reduce((a, b) => a + b, 0),
      nodesCpuMs,
      serverThreadsMs: used.threads,
      serverCpuPct: (cpu / size.measureMs) * 100,
      serverPeakRssMb: peak,
      serverStartRssMb: server.startRssMb,
      generatorCpuPct: (generatorMs / size.measureMs) * 100,
      generatorMaxCpuPct: (heavyMax / size.measureMs) * 100,
      generatorLoopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      otherCpuPct:
        (Math.max(0, used.machine - used.self - cpu - generatorMs) / size.measureMs) * 100,
      connectMs,
      drops: reports.reduce((a, r) => a + r.drops, 0),
      converged: drained.every((d) => d.converged),
      serverMetrics: metrics,
      ...(dashboard ? { dashboard } : {}),
      generators: reports.map((r, i) =>
        generatorHolds(
          r,
          sends,
          drained[i]!.clients,
          used.perPid[nodes.length + i]!,
          startAt,
          size,
        ),
      ),
      worstEdits: worstEdits(sends, receivers, startAt),
    }
  } finally {
    await watching?.stop().catch(() => {})
    await Promise.all(workers.map((w) => w.call({ type: 'close' })))
  }
}

/**
 * CPU time of some processes, of this process and of the whole machine between two
 * wall-clock instants (sampled from /proc at each), in ms.
 */
async function cpuOver(
  pids: number[],
  from: number,
  to: number,
  window?: { open(): Promise<void>; close(): Promise<void> },
) {
  await sleepUntil(from)
  await window?.open()
  const threads0 = threadCpuMs(pids[0]!)
  const a = pids.map(cpuMs)
  const m = machineBusyMs()
  const s = process.cpuUsage()
  await sleepUntil(to)
  const self = process.cpuUsage(s)
  const b = pids.map(cpuMs)
  const threads = threadDelta(threads0, threadCpuMs(pids[0]!))
  const machine = machineBusyMs() - m
  await window?.close()
  return {
    perPid: b.map((x, i) => x - a[i]!),
    threads,
    machine,
    self: (self.user + self.system) / 1000,
  }
}

function generatorHolds(
  r: RunReport,
  sends: readonly Send[],
  clients: DrainReport['clients'],
  cpuMs: number,
  startAt: number,
  size: LiveScenarioSize,
): GeneratorHolds {
  const of = (kind: string) => r.gcs.filter((g) => g[2] === kind).map((g) => g[1])
  const major = of('major')
  const minor = of('minor')
  const stalls = r.stalls.map((s) => s[1])
  return {
    everyP99Ms: spread(matchLatencies(sends, clients).every).p99,
    cpuPct: (cpuMs / size.measureMs) * 100,
    majorGc: { n: major.length, ms: sum(major), maxMs: Math.max(0, ...major) },
    minorGc: { n: minor.length, ms: sum(minor), maxMs: Math.max(0, ...minor) },
    stalls: { n: stalls.length, maxMs: Math.max(0, ...stalls), ms: sum(stalls) },
    longStalls: r.stalls.filter((s) => s[1] >= 50).map((s) => [s[0] - startAt, s[1]]),
  }
}

/** The five edits whose deliveries took longest (p90 of each edit's), ms from `startAt`. */
function worstEdits(
  sends: readonly Send[],
  receivers: DrainReport['clients'],
  startAt: number,
): [number, number][] {
  const byBoard = new Map<string, DrainReport['clients']>()
  for (const c of receivers) listAt(byBoard, c.board).push(c)
  return sends
    .map((s): [number, number] => {
      const lat = matchLatencies([s], byBoard.get(s[0]) ?? []).every.sort((a, b) => a - b)
      return [s[2] - startAt, percentile(lat, 90)]
    })
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

/** Latencies of deliveries to the probe clients only (their own edits have none). */
function probeLatencies(sends: readonly Send[], probes: DrainReport['clients']): number[] {
  return probes.flatMap(
    (p) =>
      matchLatencies(
        sends.filter((s) => s[0] === p.board),
        [p],
      ).every,
  )
}

async function sleepUntil(t: number) {
  for (let left = t - nowMs(); left > 0; left = t - nowMs()) {
    await new Promise((r) => setTimeout(r, Math.min(left, 50)))
  }
}
