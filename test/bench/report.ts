/**
 * The benchmark's one table: every figure for both servers (medians over the rounds) and the
 * ratio project ÷ reference, plus the checks of the bar of issue 6. Pure: data in, text out.
 */

import type { CapacityStep } from './capacity'
import type { OpenRound } from './coldOpen'
import type { ExportResult } from './exportBench'
import type { LiveRound } from './live'
import type { ManyBoardsResult } from './manyBoards'
import { nodesChecks, nodesRows, nodesSkipLine } from './reportNodes'
import { scaleChecks, scaleRows } from './reportScale'
import { row } from './row'
import { median } from './stats'
import type { StormRound } from './storm'
import type { TraceResult } from './trace'
import type { NodesResult } from './twoNodes'

export interface Rounds<T> {
  project: T[]
  reference: T[]
}

/**
 * The breakouts load (project server only) without dashboards, with one dashboard on one
 * session, and with a dashboard on every session.
 */
export interface DashboardRounds {
  without: LiveRound[]
  one: LiveRound[]
  all: LiveRound[]
}

export interface BenchResults {
  startedAt: string
  quick: boolean
  machine: { cpus: number; node: string }
  runtime: string
  sizes: unknown
  plenary?: Rounds<LiveRound>
  breakouts?: Rounds<LiveRound>
  cursors?: Rounds<LiveRound>
  storm?: Rounds<StormRound>
  manyBoards?: ManyBoardsResult
  /**
   * Capacity with clients that send only their own presence, as the board's client does (the
   * primary figure, the bar's); before 2026-12-08 this held the stock clients' echo run.
   */
  capacity?: Rounds<CapacityStep[]>
  /** The same steps with stock y-websocket 3.1 clients, which echo every awareness change. */
  capacityEcho?: Rounds<CapacityStep[]>
  dashboard?: DashboardRounds
  coldOpen?: Rounds<OpenRound>
  trace?: TraceResult
  export?: ExportResult
  /** Two nodes against one (issue 19), or why it did not run. */
  nodes?: NodesResult
  durationS?: number
}

export interface Row {
  scenario: string
  figure: string
  unit: string
  project: number
  reference: number | null
  /** project ÷ reference, when both exist. */
  ratio: number | null
}

function medianRow<T>(
  scenario: string,
  figure: string,
  unit: string,
  r: Rounds<T>,
  pick: (x: T) => number,
  total = false,
): Row {
  const agg = (xs: number[]) => (total ? xs.reduce((a, b) => a + b, 0) : median(xs))
  return row(scenario, figure, unit, agg(r.project.map(pick)), agg(r.reference.map(pick)))
}

function liveRows(name: string, r: Rounds<LiveRound>): Row[] {
  return [
    medianRow(name, 'first other client p50', 'ms', r, (x) => x.firstP50Ms),
    medianRow(name, 'first other client p99', 'ms', r, (x) => x.firstP99Ms),
    medianRow(name, 'first other client max', 'ms', r, (x) => x.firstMaxMs),
    medianRow(name, 'every other client p50', 'ms', r, (x) => x.everyP50Ms),
    medianRow(name, 'every other client p99', 'ms', r, (x) => x.everyP99Ms),
    medianRow(name, 'every other client max', 'ms', r, (x) => x.everyMaxMs),
    medianRow(name, 'probe clients p99', 'ms', r, (x) => x.probeP99Ms),
    medianRow(name, 'deliveries lost (all rounds)', '', r, (x) => x.deliveriesLost, true),
    medianRow(name, 'deliveries expected (all rounds)', '', r, (x) => x.deliveriesExpected, true),
    medianRow(name, 'server CPU over the window', 'ms', r, (x) => x.serverCpuMs),
    medianRow(name, 'server peak RSS', 'MB', r, (x) => x.serverPeakRssMb),
    medianRow(name, 'server idle RSS after start', 'MB', r, (x) => x.serverStartRssMb),
    medianRow(name, 'cursor updates sent', '/s', r, (x) => x.cursorUpdatesPerSecond),
    medianRow(name, 'cursor move → every other client p50', 'ms', r, (x) => x.cursorP50Ms),
    medianRow(name, 'cursor move → every other client p99', 'ms', r, (x) => x.cursorP99Ms),
    medianRow(name, 'cursor move → probe clients p50', 'ms', r, (x) => x.cursorProbeP50Ms),
    medianRow(name, 'load generator CPU', '% core', r, (x) => x.generatorCpuPct),
    medianRow(name, 'other load on the machine', '% core', r, (x) => x.otherCpuPct),
  ]
}

/**
 * The dashboards' rows: "project" is the load with dashboards open, "reference" the same load
 * without, so the ratio is what the dashboards cost.
 */
function dashboardRows(d: DashboardRounds): Row[] {
  const rows: Row[] = []
  for (const [name, open] of [
    ['breakouts + one dashboard', d.one],
    ['breakouts + a dashboard per session', d.all],
  ] as const) {
    if (open.length === 0) continue
    const r = { project: open, reference: d.without }
    const dash = (pick: (x: NonNullable<LiveRound['dashboard']>) => number) =>
      median(open.map((x) => (x.dashboard ? pick(x.dashboard) : Number.NaN)))
    rows.push(
      medianRow(name, 'server CPU, with ÷ without dashboards', 'ms', r, (x) => x.serverCpuMs),
      medianRow(
        name,
        '… from the window until the drain',
        'ms',
        r,
        (x) => x.serverCpuToDrainMs ?? Number.NaN,
      ),
      medianRow(name, 'server peak RSS, with ÷ without', 'MB', r, (x) => x.serverPeakRssMb),
      medianRow(name, 'every other client p99, with ÷ without', 'ms', r, (x) => x.everyP99Ms),
      row(
        name,
        'dashboards open',
        '',
        dash((x) => x.dashboards),
        null,
      ),
      row(
        name,
        'events sent to them over the window',
        '',
        dash((x) => x.events),
        null,
      ),
      row(
        name,
        'bytes of those events',
        'bytes',
        dash((x) => x.bytes),
        null,
      ),
      row(
        name,
        'new note on a dashboard p50',
        'ms',
        dash((x) => x.noteP50Ms),
        null,
      ),
      row(
        name,
        'new note on a dashboard p99',
        'ms',
        dash((x) => x.noteP99Ms),
        null,
      ),
      row(
        name,
        'new note on a dashboard max',
        'ms',
        dash((x) => x.noteMaxMs),
        null,
      ),
    )
  }
  return rows
}

/** Every row of the table, in order. */
export function tableRows(res: BenchResults): Row[] {
  const rows: Row[] = []
  if (res.plenary) rows.push(...liveRows('plenary', res.plenary))
  if (res.breakouts) rows.push(...liveRows('breakouts', res.breakouts))
  if (res.cursors) rows.push(...liveRows('cursors', res.cursors))
  rows.push(...scaleRows(res))
  rows.push(...nodesRows(res))
  if (res.dashboard) rows.push(...dashboardRows(res.dashboard))
  if (res.coldOpen) {
    const r = res.coldOpen
    rows.push(
      medianRow(
        'cold open',
        `first full sync (${r.project[0]?.notes ?? 0} notes)`,
        'ms',
        r,
        (x) => x.openMs,
      ),
      medianRow('cold open', '… of which until the socket was open', 'ms', r, (x) => x.connectMs),
      medianRow(
        'cold open',
        "the client's own apply of the document (warm, best of 3)",
        'ms',
        r,
        (x) => x.clientApplyMs,
      ),
      medianRow('cold open', 'server CPU', 'ms', r, (x) => x.serverCpuMs),
      medianRow('cold open', 'server peak RSS', 'MB', r, (x) => x.serverPeakRssMb),
      medianRow('cold open', 'server RSS before the open', 'MB', r, (x) => x.serverStartRssMb),
    )
  }
  if (res.trace) {
    const t = res.trace
    rows.push(
      row('session trace', 'stored on disk after a clean stop', 'bytes', t.diskBytes, null),
      row(
        'session trace',
        "the board's rows: snapshot + log",
        'bytes',
        t.stored ? t.stored.snapshotBytes + t.stored.logBytes : Number.NaN,
        null,
      ),
      row(
        'session trace',
        'free pages in the SQLite file',
        'bytes',
        t.stored ? t.stored.freeBytes : Number.NaN,
        null,
      ),
      row(
        'session trace',
        'the final state as the clients held it (with history)',
        'bytes',
        t.finalStateBytes,
        null,
      ),
      row(
        'session trace',
        'fresh encoding of the final state (its content written anew)',
        'bytes',
        t.freshStateBytes,
        null,
      ),
      row(
        'session trace',
        `load: restart → first full sync (median of ${t.loadRoundsMs.map((x) => x.toFixed(1)).join(', ')})`,
        'ms',
        t.loadMs,
        null,
      ),
      row(
        'session trace',
        'load: … the first open in a cold client process (not in the median)',
        'ms',
        t.loadColdClientMs,
        null,
      ),
      row(
        'session trace',
        'load: … of which until the socket was open',
        'ms',
        t.loadConnectMs,
        null,
      ),
      row(
        'session trace',
        "load: … until the server's first message",
        'ms',
        t.loadFirstMessageMs,
        null,
      ),
      row('session trace', "load: … until the provider's first sync", 'ms', t.loadSyncedMs, null),
      row(
        'session trace',
        "load: the client's own apply of the document (warm, best of 3)",
        'ms',
        t.loadClientApplyMs,
        null,
      ),
      row('session trace', 'load: server CPU', 'ms', t.loadServerCpuMs, null),
      row('session trace', 'load: server peak RSS', 'MB', t.loadServerPeakRssMb, null),
      row('session trace', 'replay time', 's', t.replayMs / 1000, null),
    )
  }
  if (res.export) {
    const e = res.export
    rows.push(
      row('export', `exportHarvest (${e.notes} notes)`, 'ms', e.exportMs, null),
      row('export', 'harvestToMarkdown', 'ms', e.markdownMs, null),
      row('export', 'harvestToCsv', 'ms', e.csvMs, null),
    )
  }
  return rows
}

export interface Check {
  bar: string
  pass: boolean
  detail: string
}

const within = (p: number, r: number) => p <= r * 1.1

/** The breakouts' CPU bar (issue 20): at most this share of the reference's. */
const BREAKOUTS_CPU_BAR = 0.8

/** The bars of issues 6 and 20, checked against the medians. */
export function barChecks(res: BenchResults): Check[] {
  const out: Check[] = []
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : String(x))
  const live = [
    ['plenary', res.plenary],
    ['breakouts', res.breakouts],
  ] as const
  for (const [name, r] of live) {
    if (!r) continue
    const m = (pick: (x: LiveRound) => number) => ({
      p: median(r.project.map(pick)),
      ref: median(r.reference.map(pick)),
    })
    const cpu = m((x) => x.serverCpuMs)
    const rss = m((x) => x.serverPeakRssMb)
    const p99 = m((x) => x.everyP99Ms)
    const first99 = m((x) => x.firstP99Ms)
    const first50 = median(r.project.map((x) => x.firstP50Ms))
    const lost = r.project.reduce((a, x) => a + x.deliveriesLost, 0)
    const cpuBar = name === 'breakouts' ? BREAKOUTS_CPU_BAR : 1.1
    out.push(
      {
        bar: `${name}: server CPU ≤ ${Math.round(cpuBar * 100)} % of reference`,
        pass: cpu.p <= cpu.ref * cpuBar,
        detail: `${f(cpu.p)} vs ${f(cpu.ref)} ms (${(cpu.p / cpu.ref).toFixed(2)})`,
      },
      {
        bar: `${name}: peak RSS ≤ 110 % of reference`,
        pass: within(rss.p, rss.ref),
        detail: `${f(rss.p)} vs ${f(rss.ref)} MB`,
      },
      {
        bar: `${name}: p99 (every client) ≤ 110 % of reference`,
        pass: within(p99.p, p99.ref),
        detail: `${f(p99.p)} vs ${f(p99.ref)} ms`,
      },
      {
        bar: `${name}: p99 (first client) ≤ 110 % of reference`,
        pass: within(first99.p, first99.ref),
        detail: `${f(first99.p)} vs ${f(first99.ref)} ms`,
      },
      {
        bar: `${name}: first other client p50 ≤ 5 ms`,
        pass: first50 <= 5,
        detail: `${f(first50)} ms`,
      },
      { bar: `${name}: no delivery lost`, pass: lost === 0, detail: `${lost} lost` },
    )
  }
  out.push(...scaleChecks(res))
  out.push(...nodesChecks(res))
  if (res.dashboard) {
    const d = res.dashboard
    // Until the drain where every round has it: a busy machine moves a window's work past its end.
    const toDrain = [...d.without, ...d.one, ...d.all].every(
      (x) => x.serverCpuToDrainMs !== undefined,
    )
    const cpuOf = (x: LiveRound) => (toDrain ? x.serverCpuToDrainMs! : x.serverCpuMs)
    const without = median(d.without.map(cpuOf))
    for (const [name, open] of [
      ['one dashboard', d.one],
      ['a dashboard per session', d.all],
    ] as const) {
      if (open.length === 0) continue
      const cpu = median(open.map(cpuOf))
      const seen = median(open.map((x) => x.dashboard?.noteP99Ms ?? Number.NaN))
      out.push(
        {
          bar: `${name}: server CPU ≤ 105 % of the same load without`,
          pass: cpu <= without * 1.05,
          detail: `${f(cpu)} vs ${f(without)} ms${toDrain ? ' (the window until the drain)' : ''}`,
        },
        {
          bar: `${name}: a new note shown within a second (p99)`,
          pass: seen < 1000,
          detail: `${f(seen)} ms`,
        },
      )
    }
  }
  if (res.coldOpen) {
    const r = res.coldOpen
    const open = median(r.project.map((x) => x.openMs))
    const cpu = {
      p: median(r.project.map((x) => x.serverCpuMs)),
      ref: median(r.reference.map((x) => x.serverCpuMs)),
    }
    const rss = {
      p: median(r.project.map((x) => x.serverPeakRssMb)),
      ref: median(r.reference.map((x) => x.serverPeakRssMb)),
    }
    out.push(
      { bar: 'cold open < 100 ms', pass: open < 100, detail: `${f(open)} ms` },
      {
        bar: 'cold open: server CPU ≤ 110 % of reference',
        pass: within(cpu.p, cpu.ref),
        detail: `${f(cpu.p)} vs ${f(cpu.ref)} ms`,
      },
      {
        bar: 'cold open: peak RSS ≤ 110 % of reference',
        pass: within(rss.p, rss.ref),
        detail: `${f(rss.p)} vs ${f(rss.ref)} MB`,
      },
    )
  }
  if (res.trace) {
    const t = res.trace
    out.push(
      {
        bar: 'session trace stored < 2 MB',
        pass: t.diskBytes < 2 * 1024 * 1024,
        detail: `${t.diskBytes} bytes`,
      },
      { bar: 'session trace loaded < 50 ms', pass: t.loadMs < 50, detail: `${f(t.loadMs)} ms` },
    )
  }
  return out
}

const num = (x: number | null, unit: string) => {
  if (x === null) return '—'
  if (!Number.isFinite(x)) return 'n/a'
  if (unit === 'bytes' || unit === '') return Math.round(x).toLocaleString('en-US')
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)
}

/** The table as Markdown (also readable in a terminal). */
export function markdownTable(res: BenchResults): string {
  const lines = [
    '| scenario | figure | unit | project | reference | project ÷ reference |',
    '| --- | --- | --- | ---: | ---: | ---: |',
  ]
  for (const r of tableRows(res)) {
    lines.push(
      `| ${r.scenario} | ${r.figure} | ${r.unit} | ${num(r.project, r.unit)} | ${num(r.reference, r.unit)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} |`,
    )
  }
  return lines.join('\n')
}

/** The bar's checks as Markdown lines. */
export function markdownChecks(res: BenchResults): string {
  const lines = barChecks(res).map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.bar}: ${c.detail}`)
  const skipped = nodesSkipLine(res)
  return [...lines, ...(skipped ? [skipped] : [])].join('\n')
}

/** `tsx test/bench/report.ts [results.json]`: print the table and checks of a results file again. */
if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs')
  const { join, dirname } = await import('node:path')
  const { fileURLToPath } = await import('node:url')
  const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'results.json')
  const res = JSON.parse(readFileSync(file, 'utf8')) as BenchResults
  console.log(markdownTable(res))
  console.log('')
  console.log(markdownChecks(res))
}
