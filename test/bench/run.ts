/**
 * `npm run bench`: the project's server against the reference y-websocket server, A B A B,
 * every round printed, medians compared in one table, written to test/bench/results.json.
 *
 *   tsx test/bench/run.ts [--quick] [--out FILE]
 *                         [--only plenary,breakouts,dashboard,cursors,storm,boards,capacity,cold,trace,export,nodes,canvas]
 *                         [--profile DIR]   (project server under node --cpu-prof, into DIR)
 *                         [--tsx]           (both servers under the tsx loader, the project from source)
 *                         [--rounds N]      (rounds per server instead of 4)
 *
 * By default both servers run under plain node, the project as its esbuild bundle
 * (server/dist/main.mjs, rebuilt first), as `npm start` runs it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildClient, canvasBench, parseCanvasArgs } from './canvas'
import { type CapacityStep, capacityRun } from './capacity'
import {
  buildBundle,
  type ChildServer,
  type ServerKind,
  serveNodeFlags,
  startChild,
} from './childServer'
import { coldOpenRound, type OpenRound } from './coldOpen'
import { type BenchSizes, FULL, type LiveScenarioSize, QUICK } from './config'
import { exportBench } from './exportBench'
import { type LiveRound, liveRound } from './live'
import { manyBoardsRun } from './manyBoards'
import {
  type BenchResults,
  type DashboardRounds,
  markdownChecks,
  markdownTable,
  type Rounds,
} from './report'
import { digest } from './serverMetrics'
import { type StormRound, stormRound } from './storm'
import { traceRun } from './trace'
import { NODE_PARTS, nodesBench } from './twoNodes'
import { forkWorkers, type LoadWorker } from './workerPool'

const SCENARIOS = [
  'plenary',
  'breakouts',
  'dashboard',
  'cursors',
  'storm',
  'boards',
  'capacity',
  'cold',
  'trace',
  'export',
  'nodes',
] as const
/** Run only when named in --only: they need the client's build and a browser (canvas.ts). */
const OPT_IN = ['canvas'] as const
type Scenario = (typeof SCENARIOS)[number] | (typeof OPT_IN)[number]

export interface BenchArgs {
  quick: boolean
  out: string
  only: Set<Scenario>
  profileDir: string | null
  /**
   * True (default): the project's server bundle and the reference under plain node, as
   * `npm start` runs the project. False (`--tsx`): both under the tsx loader, from source.
   */
  bundled: boolean
  /** Rounds per server instead of the size's (`--rounds N`). */
  rounds: number | null
  /** The scenarios named in --only (empty without it). */
  named: Set<Scenario>
}

/** Parse the command line; throws a one-line error on a bad flag. */
export function parseArgs(argv: string[]): BenchArgs {
  const here = dirname(fileURLToPath(import.meta.url))
  let quick = false
  let out: string | null = null
  let only = new Set<Scenario>(SCENARIOS)
  let profileDir: string | null = null
  let bundled = true
  let rounds: number | null = null
  let named = new Set<Scenario>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--quick') quick = true
    else if (a === '--bundled') bundled = true
    else if (a === '--tsx') bundled = false
    else if (a === '--out') out = value()
    else if (a === '--profile') profileDir = value()
    else if (a === '--rounds') {
      rounds = Number(value())
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds needs a whole number')
    } else if (a === '--only') {
      const names = value().split(',')
      for (const n of names) {
        if (![...SCENARIOS, ...OPT_IN].includes(n as Scenario))
          throw new Error(`unknown scenario "${n}" (${[...SCENARIOS, ...OPT_IN].join(', ')})`)
      }
      only = new Set(names as Scenario[])
      named = new Set(only)
    } else throw new Error(`unknown flag "${a}"`)
  }
  // A quick run never overwrites the committed results.
  return {
    quick,
    out: out ?? (quick ? join(tmpdir(), 'bench-quick.json') : join(here, 'results.json')),
    only,
    profileDir,
    bundled,
    rounds,
    named,
  }
}

const log = (s: string) => process.stdout.write(`${s}\n`)
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a')

/** A fresh server of `kind` (the project on a fresh temp DATA_DIR) and its cleanup. */
async function freshServer(kind: ServerKind, args: BenchArgs) {
  const dataDir = kind === 'project' ? mkdtempSync(join(tmpdir(), 'bench-data-')) : undefined
  const nodeArgs =
    kind === 'project' && args.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${args.profileDir}`] : []
  const server = await startChild({
    kind,
    dataDir,
    nodeArgs,
    runtime: args.bundled ? 'bundle' : 'tsx',
  })
  return {
    server,
    async done(s: ChildServer = server) {
      await s.stop()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function liveRounds(
  name: string,
  size: LiveScenarioSize,
  sizes: BenchSizes,
  args: BenchArgs,
) {
  const out: Rounds<LiveRound> = { project: [], reference: [] }
  // The load generators live through all rounds of the scenario (clients are new every round).
  const workers = await forkWorkers(sizes.workers + 1, 1000)
  try {
    await liveRoundsOn(workers, name, size, sizes, args, out)
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
  return out
}

async function liveRoundsOn(
  workers: LoadWorker[],
  name: string,
  size: LiveScenarioSize,
  sizes: BenchSizes,
  args: BenchArgs,
  out: Rounds<LiveRound>,
) {
  for (let r = 0; r < sizes.rounds; r++) {
    for (const kind of ['project', 'reference'] as const) {
      const { server, done } = await freshServer(kind, args)
      try {
        const x = await liveRound(server, size, workers, 1000 + r)
        out[kind].push(x)
        log(
          `  ${name} round ${r + 1} ${kind.padEnd(9)} edits ${x.edits}, lost ${x.deliveriesLost}/${x.deliveriesExpected}, ` +
            `first p50/p99 ${f1(x.firstP50Ms)}/${f1(x.firstP99Ms)} ms, every p50/p99 ${f1(x.everyP50Ms)}/${f1(x.everyP99Ms)} ms, ` +
            `server ${x.serverCpuMs.toFixed(0)} ms CPU ${f1(x.serverPeakRssMb)} MB, generator ${x.generatorCpuPct.toFixed(0)} %, ` +
            `other ${x.otherCpuPct.toFixed(0)} %, cursors ${x.cursorUpdatesPerSecond.toFixed(0)}/s` +
            `; server threads ${JSON.stringify(x.serverThreadsMs)}` +
            `; generators p99 ${(x.generators ?? []).map((g) => f1(g.everyP99Ms)).join('/')} ms, full GCs ${(x.generators ?? []).map((g) => g.majorGc.n).join('/')}, longest stall ${f1(Math.max(0, ...(x.generators ?? []).map((g) => g.stalls.maxMs)))} ms` +
            (x.serverMetrics ? `; ${digest(x.serverMetrics)}` : ''),
        )
      } finally {
        await done()
      }
    }
  }
}

/**
 * The breakouts load on the project server with session dashboards open, against the same load
 * without, alternating: what the live view costs the server.
 */
async function dashboardRounds(sizes: BenchSizes, args: BenchArgs): Promise<DashboardRounds> {
  const out: DashboardRounds = { without: [], one: [], all: [] }
  const workers = await forkWorkers(sizes.workers + 1, 1000)
  try {
    for (let r = 0; r < sizes.rounds; r++) {
      for (const open of sizes.dashboard.variants) {
        const { server, done } = await freshServer('project', args)
        try {
          const load = { ...sizes.breakouts, ...sizes.dashboard.load }
          const x = await liveRound(server, load, workers, 2000 + r, undefined, {
            roomsPerSession: sizes.dashboard.roomsPerSession,
            watch: open === 'without' ? 'none' : open,
          })
          out[open].push(x)
          const d = x.dashboard
          log(
            `  dashboard round ${r + 1} ${open.padEnd(7)} server ${x.serverCpuMs.toFixed(0)} ms CPU (${x.serverCpuToDrainMs?.toFixed(0)} until the drain), ` +
              `every p99 ${f1(x.everyP99Ms)} ms, lost ${x.deliveriesLost}/${x.deliveriesExpected}, other ${x.otherCpuPct.toFixed(0)} %` +
              (d
                ? `; ${d.dashboards} dashboards: ${d.events} events, ${d.bytes} bytes, ${d.errors} failed, ` +
                  `new note seen p50/p99/max ${f1(d.noteP50Ms)}/${f1(d.noteP99Ms)}/${f1(d.noteMaxMs)} ms (${d.notesSeen} notes)`
                : ''),
          )
        } finally {
          await done()
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
  return out
}

async function coldRounds(sizes: BenchSizes, args: BenchArgs) {
  const out: Rounds<OpenRound> = { project: [], reference: [] }
  const [opener] = await forkWorkers(1, 2000)
  try {
    await coldRoundsWith(opener!, sizes, args, out)
  } finally {
    await opener!.close()
  }
  return out
}

async function coldRoundsWith(
  opener: LoadWorker,
  sizes: BenchSizes,
  args: BenchArgs,
  out: Rounds<OpenRound>,
) {
  for (let r = 0; r < sizes.rounds; r++) {
    for (const kind of ['project', 'reference'] as const) {
      const fresh = await freshServer(kind, args)
      let s = fresh.server
      try {
        const x = await coldOpenRound(
          fresh.server,
          sizes.coldOpen.notes,
          sizes.coldOpen.writers,
          opener,
        )
        s = x.server
        out[kind].push(x.round)
        log(
          `  cold open round ${r + 1} ${kind.padEnd(9)} ${x.round.notes} notes in ${f1(x.round.openMs)} ms, ` +
            `server ${x.round.serverCpuMs.toFixed(0)} ms CPU ${f1(x.round.serverPeakRssMb)} MB`,
        )
      } finally {
        await fresh.done(s)
      }
    }
  }
}

async function stormRounds(sizes: BenchSizes, args: BenchArgs) {
  const out: Rounds<StormRound> = { project: [], reference: [] }
  const workers = await forkWorkers(sizes.workers + 1, 4000)
  try {
    for (let r = 0; r < sizes.rounds; r++) {
      for (const kind of ['project', 'reference'] as const) {
        const fresh = await freshServer(kind, args)
        let s = fresh.server
        try {
          const x = await stormRound(fresh.server, sizes.storm, workers)
          s = x.server
          out[kind].push(x.round)
          const j = x.round
          log(
            `  join storm round ${r + 1} ${kind.padEnd(9)} ${j.synced}/${j.people} synced, refused ${j.refused}, loads ${j.loads ?? '-'}, ` +
              `join p50/p99/max ${f1(j.joinP50Ms)}/${f1(j.joinP99Ms)}/${f1(j.joinMaxMs)} ms, server ${j.serverCpuMs.toFixed(0)} ms CPU ` +
              `(${f1(j.serverCpuPerJoinMs)} per join) ${f1(j.serverPeakRssMb)} MB, generator ${j.generatorCpuPct.toFixed(0)} %, other ${j.otherCpuPct.toFixed(0)} %`,
          )
        } finally {
          await fresh.done(s)
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
  return out
}

/**
 * Capacity, one round each (a round is many steps of a growing load): first with clients that
 * send only their own presence, as the board's client does (the bar's figure), then with stock
 * clients that echo every awareness change they are sent (a second line), each on a fresh
 * server.
 */
async function capacityRounds(sizes: BenchSizes, args: BenchArgs) {
  const own: Rounds<CapacityStep[]> = { project: [], reference: [] }
  const echo: Rounds<CapacityStep[]> = { project: [], reference: [] }
  const workers = await forkWorkers(sizes.workers + 1, 5000)
  try {
    for (const [out, withEcho] of [
      [own, false],
      [echo, true],
    ] as const) {
      for (const kind of ['project', 'reference'] as const) {
        const { server, done } = await freshServer(kind, args)
        try {
          out[kind].push(
            await capacityRun(server, { ...sizes.capacity, echo: withEcho }, workers, log),
          )
        } finally {
          await done()
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
  return { own, echo }
}

/** Run the benchmark; returns the results (also written to `args.out`). */
export async function runBench(args: BenchArgs): Promise<BenchResults> {
  const base = args.quick ? QUICK : FULL
  const sizes = args.rounds ? { ...base, rounds: args.rounds } : base
  const t0 = Date.now()
  if (args.bundled) buildBundle()
  const res: BenchResults = {
    startedAt: new Date().toISOString(),
    quick: args.quick,
    machine: { cpus: cpus().length, node: process.version },
    runtime: args.bundled
      ? `bundle: project \`node ${[...serveNodeFlags(), ''].join(' ')}server/dist/main.mjs\` (as npm start runs it), the reference under plain node`
      : 'tsx loader for both servers, the project from source (npm run serve:dev)',
    sizes,
  }
  log(
    `bench${args.quick ? ' (quick)' : ''}: ${sizes.rounds} rounds per server, A = project, B = reference`,
  )
  if (args.only.has('plenary')) {
    log('plenary')
    res.plenary = await liveRounds('plenary', sizes.plenary, sizes, args)
  }
  if (args.only.has('breakouts')) {
    log('breakouts')
    res.breakouts = await liveRounds('breakouts', sizes.breakouts, sizes, args)
  }
  if (args.only.has('cursors')) {
    log('cursors')
    res.cursors = await liveRounds('cursors', sizes.cursors, sizes, args)
  }
  if (args.only.has('storm')) {
    log('join storm')
    res.storm = await stormRounds(sizes, args)
  }
  if (args.only.has('boards')) {
    log('boards on disk (project only)')
    const [opener] = await forkWorkers(1, 6000)
    try {
      res.manyBoards = await manyBoardsRun(
        sizes.manyBoards,
        opener!,
        args.bundled ? 'bundle' : 'tsx',
        log,
      )
    } finally {
      await opener!.close()
    }
  }
  if (args.only.has('capacity')) {
    log('capacity: clients that send only their own presence, then stock clients (echoes)')
    const { own, echo } = await capacityRounds(sizes, args)
    res.capacity = own
    res.capacityEcho = echo
  }
  if (args.only.has('dashboard')) {
    log(
      `breakouts with session dashboards (sessions of ${sizes.dashboard.roomsPerSession} rooms) against without, project only`,
    )
    res.dashboard = await dashboardRounds(sizes, args)
  }
  if (args.only.has('cold')) {
    log('cold open')
    res.coldOpen = await coldRounds(sizes, args)
  }
  if (args.only.has('trace')) {
    log('session trace (project only)')
    const fresh = await freshServer('project', args)
    const [opener] = await forkWorkers(1, 3000)
    let s = fresh.server
    try {
      const x = await traceRun(fresh.server, sizes.trace, 42, opener!)
      s = x.server
      res.trace = x.result
      log(
        `  ${JSON.stringify(x.result.ops)} by ${x.result.people} people in ${f1(x.result.replayMs / 1000)} s: ` +
          `${x.result.diskBytes} bytes on disk, final state ${x.result.finalStateBytes} bytes, load ${f1(x.result.loadMs)} ms`,
      )
    } finally {
      await opener!.close()
      await fresh.done(s)
    }
  }
  if (args.only.has('export')) {
    log('export')
    res.export = exportBench(sizes.exportNotes, sizes.exportRepeats)
  }
  if (args.only.has('nodes')) {
    // Two nodes on PostgreSQL and Redis (twoNodes.ts). A quick run leaves it out unless named,
    // so the unit suite's smoke run needs neither.
    log('two nodes (PostgreSQL, Redis) against one')
    res.nodes =
      args.quick && !args.named.has('nodes')
        ? { skipped: 'left out of --quick runs unless named (--only nodes)' }
        : await nodesBench({
            quick: args.quick,
            rounds: sizes.rounds,
            parts: new Set(NODE_PARTS),
            log,
          })
    if (res.nodes.skipped) log(`  skipped: ${res.nodes.skipped}`)
  }
  if (args.only.has('canvas')) {
    // Figures and bars printed as it goes (canvas.ts); not in the servers' results table.
    log('canvas in headless Chromium (opt-in)')
    buildClient()
    await canvasBench(
      parseCanvasArgs(args.quick ? ['--notes', '300', '--theme', '50', '--rounds', '1'] : []),
      log,
    )
  }
  res.durationS = (Date.now() - t0) / 1000
  writeFileSync(args.out, `${JSON.stringify(res, null, 2)}\n`)
  log('')
  log(markdownTable(res))
  log('')
  if (args.quick) log('(quick sizes: the checks below are the harness at work, not the bar)')
  log(markdownChecks(res))
  log(`\n${res.durationS.toFixed(0)} s; written to ${args.out}`)
  return res
}

const GEN_FLAG = '--max-semi-space-size=64'

if (
  process.argv[1] &&
  import.meta.url === `file://${process.argv[1]}` &&
  !process.execArgv.includes(GEN_FLAG)
) {
  // The coordinator replays the session trace itself: run it with the load generator's larger
  // young generation (Yjs allocates a lot). Servers under test never get this flag.
  const r = spawnSync(
    process.execPath,
    [GEN_FLAG, '--import', 'tsx', process.argv[1], ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  )
  process.exit(r.status ?? 1)
} else if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  let args: BenchArgs
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`)
    process.exit(2)
  }
  runBench(args).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`bench: ${e instanceof Error ? e.message : String(e)}`)
      process.exit(1)
    },
  )
}
