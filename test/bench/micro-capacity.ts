/**
 * The capacity scenario on one server, steps of your choosing (diagnostics):
 *
 *   npx tsx test/bench/micro-capacity.ts [--reference] [--workers N] [--ab] [--bundle F] [--warmup MS] [--no-echo] 1000 2000
 *
 * Runs `capacity.ts`'s steps against a fresh server (the project's bundle by default, `npm run
 * build -w server` first) with `--workers` load-generator processes (default 2, plus one) and
 * prints each step with the generators' CPU beside it, every step whatever the one before did.
 * `--warmup` sets each step's unmeasured load before its window (default the bench's).
 * `--bundle` runs another build of the project's server kept in server/dist with its chunks.
 * `--no-echo`: the clients send only their own presence, as the project's browser client does,
 * not every awareness change they are sent back (a stock y-websocket 3.1 client's echo).
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
const reference = args.includes('--reference')
const ab = args.includes('--ab')
const bi = args.indexOf('--bundle')
const bundle = bi >= 0 ? resolve(REPO_ROOT, args[bi + 1]!) : undefined
const wi = args.indexOf('--workers')
const workersN = wi >= 0 ? Number(args[wi + 1]) : FULL.workers
const wu = args.indexOf('--warmup')
const steps = args
  .filter(
    (a, i) => /^\d+$/.test(a) && !['--workers', '--bundle', '--warmup'].includes(args[i - 1]!),
  )
  .map(Number)
const size = {
  ...FULL.capacity,
  ...(wu >= 0 ? { warmupMs: Number(args[wu + 1]) } : {}),
  ...(steps.length > 0 ? { stepConnections: steps, maxConnections: Math.max(...steps) } : {}),
  allSteps: true,
  echo: !args.includes('--no-echo'),
}
const transports = ab ? (['raw', 'ws', 'raw', 'ws'] as const) : (['raw'] as const)
const workers = await forkWorkers(workersN + 1, 5000)
try {
  for (const transport of transports) {
    const dataDir = reference ? undefined : mkdtempSync(join(tmpdir(), 'micro-capacity-'))
    const server = await startChild({
      kind: reference ? 'reference' : 'project',
      dataDir,
      runtime: 'bundle',
      ...(bundle ? { bundle } : {}),
      nodeArgs: process.env.BENCH_SERVER_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`]
        : [],
    })
    try {
      console.log(`${transport}: load average ${loadavg()[0]!.toFixed(1)} at the start`)
      await capacityRun(server, { ...size, transport }, workers, console.log)
    } finally {
      await server.stop()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
} finally {
  await Promise.all(workers.map((w) => w.close()))
}
