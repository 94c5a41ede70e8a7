/**
 * The capacity scenario on one server, steps of your choosing (diagnostics):
 *
 *   npx tsx test/bench/micro-capacity.ts [--reference] [--workers N] [--ab] [--bundle F] [--vs F]
 *     [--rounds N] [--warmup MS] [--echo] 1000 2000
 *
 * Runs `capacity.ts`'s steps against a fresh server (the project's bundle by default, `npm run
 * build -w server` first) with `--workers` load-generator processes (default 2, plus one) and
 * prints each step with the generators' CPU, their longest stall and the load average beside
 * it, every step whatever the one before did.
 * `--warmup` sets each step's unmeasured load before its window (default the bench's).
 * `--bundle` runs another build of the project's server kept in server/dist with its chunks;
 * `--vs F` alternates it (or the current build) with the build F, `--rounds` times each (A B A
 * B, a fresh server each round, default 2): an A/B of two builds in one run.
 * The clients send only their own presence, as the project's browser client does (the bench's
 * primary figure); `--echo`: stock y-websocket 3.1 clients, which re-send every awareness change
 * they are sent (`--no-echo` is accepted and is the default).
 * `--ab` runs the steps four times, alternating the lean clients' raw socket and the `ws`
 * client. BENCH_WORKER_PROF=DIR profiles the generators (node --cpu-prof), to see what a lean
 * client costs; BENCH_SERVER_PROF=DIR the server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { capacityRun } from './capacity'
import { REPO_ROOT, startChild } from './childServer'
import { FULL } from './config'
import { forkWorkers } from './workerPool'

const args = process.argv.slice(2)
const flagValue = (flag: string) => {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1] : undefined
}
const reference = args.includes('--reference')
const ab = args.includes('--ab')
const bundleArg = flagValue('--bundle')
const bundle = bundleArg ? resolve(REPO_ROOT, bundleArg) : undefined
const vsArg = flagValue('--vs')
const vs = vsArg ? resolve(REPO_ROOT, vsArg) : undefined
const rounds = Number(flagValue('--rounds') ?? 2)
const workersN = Number(flagValue('--workers') ?? FULL.workers)
const warmup = flagValue('--warmup')
const valued = ['--workers', '--bundle', '--warmup', '--vs', '--rounds']
const steps = args.filter((a, i) => /^\d+$/.test(a) && !valued.includes(args[i - 1]!)).map(Number)
const size = {
  ...FULL.capacity,
  ...(warmup !== undefined ? { warmupMs: Number(warmup) } : {}),
  ...(steps.length > 0 ? { stepConnections: steps, maxConnections: Math.max(...steps) } : {}),
  allSteps: true,
  echo: args.includes('--echo'),
}
interface Variant {
  label: string
  transport: 'raw' | 'ws'
  bundle?: string
}
const variants: Variant[] = ab
  ? (['raw', 'ws', 'raw', 'ws'] as const).map((t) => ({ label: t, transport: t, bundle }))
  : vs
    ? Array.from({ length: rounds }, () => [
        { label: `A ${bundleArg ?? 'server/dist/main.mjs'}`, transport: 'raw' as const, bundle },
        { label: `B ${vsArg}`, transport: 'raw' as const, bundle: vs },
      ]).flat()
    : [{ label: 'raw', transport: 'raw', bundle }]
const workers = await forkWorkers(workersN + 1, 5000)
try {
  for (const v of variants) {
    const dataDir = reference ? undefined : mkdtempSync(join(tmpdir(), 'micro-capacity-'))
    const server = await startChild({
      kind: reference ? 'reference' : 'project',
      dataDir,
      runtime: 'bundle',
      ...(v.bundle ? { bundle: v.bundle } : {}),
      nodeArgs: process.env.BENCH_SERVER_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`]
        : [],
    })
    try {
      console.log(`${v.label}: load average ${loadavg()[0]!.toFixed(1)} at the start`)
      await capacityRun(server, { ...size, transport: v.transport }, workers, console.log)
    } finally {
      await server.stop()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
} finally {
  await Promise.all(workers.map((w) => w.close()))
}
