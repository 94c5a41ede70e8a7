/**
 * Rows and bar checks of the scale scenarios (issue 20): live cursors, the join storm, many
 * boards on disk, capacity. Pure: results in, rows and checks out (report.ts prints them).
 */
import type { CapacityStep } from './capacity'
import type { LiveRound } from './live'
import { manyBoardsMedians } from './manyBoards'
import type { BenchResults, Check, Rounds, Row } from './report'
import { row } from './row'
import { median } from './stats'
import type { StormRound } from './storm'

const med = <T>(r: Rounds<T>, pick: (x: T) => number) => ({
  p: median(r.project.map(pick)),
  r: r.reference.length > 0 ? median(r.reference.map(pick)) : null,
})
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : String(x))

/** Bars of the cursors scenario. */
export const CURSOR_P50_BAR_MS = 20
export const CURSOR_CPU_BAR = 0.6
/** Bars of the join storm. */
export const STORM_P99_BAR_MS = 2000
/** Bars of many boards on disk. */
export const START_BAR_MS = 1000
/** Capacity: the target. */
export const CAPACITY_TARGET = { connections: 10_000, boards: 500, rssMb: 1024 }

function stormRows(r: Rounds<StormRound>): Row[] {
  const m = (figure: string, unit: string, pick: (x: StormRound) => number) => {
    const v = med(r, pick)
    return row('join storm', figure, unit, v.p, v.r)
  }
  const people = r.project[0]?.people ?? 0
  return [
    m(`connect → whole board held p50 (${people} people)`, 'ms', (x) => x.joinP50Ms),
    m('connect → whole board held p99', 'ms', (x) => x.joinP99Ms),
    m('connect → whole board held max', 'ms', (x) => x.joinMaxMs),
    m('joiners holding the whole board', '', (x) => x.synced),
    m('joiners refused or dropped', '', (x) => x.refused),
    row(
      'join storm',
      'board loads from storage',
      '',
      median(r.project.map((x) => x.loads ?? Number.NaN)),
      null,
    ),
    m('first connect → last joiner synced', 'ms', (x) => x.stormMs),
    m('server CPU per join', 'ms', (x) => x.serverCpuPerJoinMs),
    m('server CPU over the storm', 'ms', (x) => x.serverCpuMs),
    m('server peak RSS', 'MB', (x) => x.serverPeakRssMb),
    m('load generator CPU', '% core', (x) => x.generatorCpuPct),
    m('other load on the machine', '% core', (x) => x.otherCpuPct),
  ]
}

/** Capacity with stock clients (each echoes every awareness change): a second line, no bar. */
function capacityEchoRows(r: Rounds<CapacityStep[]>): Row[] {
  const p = r.project[r.project.length - 1] ?? []
  const ref = r.reference[r.reference.length - 1] ?? []
  const rows: Row[] = []
  for (const s of p) {
    const o = ref.find((x) => x.connections === s.connections) ?? null
    const name = `stock clients (echo), ${s.connections.toLocaleString('en-US')} conns`
    rows.push(
      row('capacity', `${name}: edit p99`, 'ms', s.editP99Ms, o?.editP99Ms ?? null),
      row('capacity', `${name}: cursor p99`, 'ms', s.cursorP99Ms, o?.cursorP99Ms ?? null),
      row('capacity', `${name}: deliveries lost`, '', s.lost, o?.lost ?? null),
    )
  }
  return rows
}

/** Capacity with clients that send only their own presence (the bar's figure). */
function capacityRows(r: Rounds<CapacityStep[]>): Row[] {
  // The last round's steps, side by side by connection count.
  const p = r.project[r.project.length - 1] ?? []
  const ref = r.reference[r.reference.length - 1] ?? []
  const at = (steps: CapacityStep[], n: number) => steps.find((s) => s.connections === n)
  const rows: Row[] = []
  for (const s of p) {
    const o = at(ref, s.connections) ?? null
    const name = `${s.connections.toLocaleString('en-US')} conns / ${s.boards} boards`
    rows.push(
      row(
        'capacity',
        `${name}: edit p99 (every other client)`,
        'ms',
        s.editP99Ms,
        o?.editP99Ms ?? null,
      ),
      row('capacity', `${name}: cursor p99`, 'ms', s.cursorP99Ms, o?.cursorP99Ms ?? null),
      row('capacity', `${name}: deliveries lost`, '', s.lost, o?.lost ?? null),
      row('capacity', `${name}: server CPU`, '% core', s.serverCpuPct, o?.serverCpuPct ?? null),
      row('capacity', `${name}: server RSS`, 'MB', s.serverRssMb, o?.serverRssMb ?? null),
      row(
        'capacity',
        `${name}: load generator CPU`,
        '% core',
        s.generatorCpuPct,
        o?.generatorCpuPct ?? null,
      ),
      row(
        'capacity',
        `${name}: load generators' longest stall`,
        'ms',
        s.generatorLongestStallMs ?? Number.NaN,
        o?.generatorLongestStallMs ?? null,
      ),
    )
  }
  const per = (steps: CapacityStep[], pick: (s: CapacityStep) => number | null) => {
    const xs = steps.map(pick).filter((x): x is number => x !== null && Number.isFinite(x))
    return xs.length > 0 ? median(xs) : Number.NaN
  }
  const refPer = (pick: (s: CapacityStep) => number | null) =>
    ref.length > 0 ? per(ref, pick) : null
  rows.push(
    row(
      'capacity',
      'RSS per idle connection',
      'KB',
      per(p, (s) => s.kbPerIdleConnection),
      refPer((s) => s.kbPerIdleConnection),
    ),
    row(
      'capacity',
      'RSS per loaded board',
      'KB',
      per(p, (s) => s.kbPerBoard),
      refPer((s) => s.kbPerBoard),
    ),
  )
  return rows
}

/** Rows of the scale scenarios present in `res`. */
export function scaleRows(res: BenchResults): Row[] {
  const rows: Row[] = []
  if (res.storm) rows.push(...stormRows(res.storm))
  if (res.manyBoards) {
    const many = manyBoardsMedians(res.manyBoards.many)
    const one = manyBoardsMedians(res.manyBoards.one)
    const n = res.manyBoards.many.boards.toLocaleString('en-US')
    rows.push(
      row('boards on disk', `start → answering, ${n} boards on disk`, 'ms', many.startMs, null),
      row('boards on disk', '… with 1 board on disk', 'ms', one.startMs, null),
      row(
        'boards on disk',
        "node's own start and exit (node -e 0), beside it",
        'ms',
        median(res.manyBoards.nodeBootMs ?? []),
        null,
      ),
      row('boards on disk', `open one board, ${n} on disk`, 'ms', many.openMs, null),
      row('boards on disk', '… with 1 board on disk', 'ms', one.openMs, null),
      row('boards on disk', `… its server CPU, ${n} on disk`, 'ms', many.openCpuMs, null),
      row('boards on disk', '… its server CPU, 1 board on disk', 'ms', one.openCpuMs, null),
      row('boards on disk', `RSS once started, ${n} on disk`, 'MB', many.startRssMb, null),
      row('boards on disk', '… with 1 board on disk', 'MB', one.startRssMb, null),
    )
  }
  if (res.capacity) rows.push(...capacityRows(res.capacity))
  if (res.capacityEcho) rows.push(...capacityEchoRows(res.capacityEcho))
  return rows
}

/** The largest step that held the bar (p99 edit and cursor delivery, nothing lost). */
export function heldStep(steps: CapacityStep[], barMs: number): CapacityStep | null {
  let best: CapacityStep | null = null
  for (const s of steps) {
    if (s.editP99Ms <= barMs && s.cursorP99Ms <= barMs && s.lost === 0) best = s
    else break
  }
  return best
}

/** Bar checks of the scale scenarios present in `res`. */
export function scaleChecks(res: BenchResults): Check[] {
  const out: Check[] = []
  if (res.cursors) {
    const r = res.cursors
    const m = (pick: (x: LiveRound) => number) => med(r, pick)
    const p50 = m((x) => x.cursorP50Ms)
    const cpu = m((x) => x.serverCpuMs)
    const rss = m((x) => x.serverPeakRssMb)
    out.push(
      {
        bar: `cursors: a move reaches every other client within ${CURSOR_P50_BAR_MS} ms at p50`,
        pass: p50.p < CURSOR_P50_BAR_MS,
        detail: `${f(p50.p)} ms (reference ${f(p50.r ?? Number.NaN)} ms)`,
      },
      {
        bar: `cursors: server CPU ≤ ${CURSOR_CPU_BAR * 100} % of reference (coalescing kept)`,
        pass: cpu.r !== null && cpu.p <= cpu.r * CURSOR_CPU_BAR,
        detail: `${f(cpu.p)} vs ${f(cpu.r ?? Number.NaN)} ms`,
      },
      {
        bar: 'cursors: peak RSS ≤ 110 % of reference',
        pass: rss.r !== null && rss.p <= rss.r * 1.1,
        detail: `${f(rss.p)} vs ${f(rss.r ?? Number.NaN)} MB`,
      },
    )
  }
  if (res.storm) {
    const r = res.storm
    const p99 = Math.max(...r.project.map((x) => x.joinP99Ms))
    const refused = r.project.reduce((a, x) => a + x.refused, 0)
    const loads = r.project.map((x) => x.loads)
    const cpu = med(r, (x) => x.serverCpuPerJoinMs)
    out.push(
      {
        bar: 'join storm: the board is loaded once',
        pass: loads.every((l) => l === 1),
        detail: `loads per round ${loads.join(', ')}`,
      },
      { bar: 'join storm: nobody refused', pass: refused === 0, detail: `${refused} refused` },
      {
        bar: `join storm: every client synced within ${STORM_P99_BAR_MS} ms of its connect (p99, worst round)`,
        pass: p99 <= STORM_P99_BAR_MS,
        detail: `${f(p99)} ms`,
      },
      {
        bar: "join storm: a join costs the server no more than the reference's",
        pass: cpu.r !== null && cpu.p <= cpu.r,
        detail: `${f(cpu.p)} vs ${f(cpu.r ?? Number.NaN)} ms per join`,
      },
    )
  }
  if (res.manyBoards) {
    const many = manyBoardsMedians(res.manyBoards.many)
    const one = manyBoardsMedians(res.manyBoards.one)
    const n = res.manyBoards.many.boards
    out.push(
      {
        bar: `boards on disk: ${n} boards, answering within ${START_BAR_MS} ms of the start`,
        pass: Math.max(...res.manyBoards.many.startMs) < START_BAR_MS,
        detail:
          `worst ${f(Math.max(...res.manyBoards.many.startMs))} ms, median ${f(many.startMs)} ms ` +
          `(node -e 0 alone: median ${f(median(res.manyBoards.nodeBootMs ?? []))} ms)`,
      },
      {
        bar: `boards on disk: one of ${n} opens as fast as the only one (≤ 110 %)`,
        pass: many.openMs <= one.openMs * 1.1,
        detail: `${f(many.openMs)} vs ${f(one.openMs)} ms (server CPU ${f(many.openCpuMs)} vs ${f(one.openCpuMs)} ms)`,
      },
    )
  }
  if (res.capacity) {
    const steps = res.capacity.project[res.capacity.project.length - 1] ?? []
    const held = heldStep(steps, steps[0]?.p99BarMs ?? 100)
    const t = CAPACITY_TARGET
    out.push({
      bar: `capacity: ${t.connections.toLocaleString('en-US')} connections across ${t.boards} boards under ${t.rssMb} MB with p99 delivery ≤ ${steps[0]?.p99BarMs ?? 100} ms (clients that send only their own presence)`,
      pass:
        !!held &&
        held.connections >= t.connections &&
        held.boards >= t.boards &&
        held.serverRssMb < t.rssMb,
      detail: held
        ? `held ${held.connections} connections / ${held.boards} boards at ${f(held.serverRssMb)} MB`
        : 'no step held the bar',
    })
  }
  return out
}
