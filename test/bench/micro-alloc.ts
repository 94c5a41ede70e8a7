/**
 * Where the project's server allocates during one live window (diagnostics):
 *
 *   npx tsx test/bench/micro-alloc.ts breakouts|plenary [--reference] [--top N] [--bundle F.mjs]
 *
 * Runs one round of the scenario against the bundle (or the reference) started with the
 * inspector, and samples allocations over the window only with V8's sampling heap profiler,
 * objects collected by either GC included: the allocation rate is what drives scavenges. Prints
 * the functions that allocated most, by self size, and the total per second. Rebuild the
 * bundle first (`npm run build -w server`); --bundle runs another build of it (kept in
 * server/dist/ so it finds its dependencies).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startChild } from './childServer'
import { FULL } from './config'
import { inspectorSession, inspectorUrl } from './inspectorProfile'
import { liveRound } from './live'
import { forkWorkers } from './workerPool'

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  children: Node[]
}

async function main() {
  const args = process.argv.slice(2)
  const scenario = args[0]
  if (scenario !== 'breakouts' && scenario !== 'plenary') throw new Error('breakouts or plenary')
  const reference = args.includes('--reference')
  const topAt = args.indexOf('--top')
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 30
  const bundleAt = args.indexOf('--bundle')
  const bundle = bundleAt >= 0 ? args[bundleAt + 1] : undefined
  const size = FULL[scenario]
  const workers = await forkWorkers(FULL.workers + 1, 7)
  const dataDir = mkdtempSync(join(tmpdir(), 'micro-alloc-'))
  const nodeArgs = ['--inspect=127.0.0.1:0']
  const server = await startChild(
    reference
      ? { kind: 'reference', runtime: 'bundle', nodeArgs }
      : { kind: 'project', dataDir, runtime: 'bundle', nodeArgs, bundle },
  )
  const insp = await inspectorSession(await inspectorUrl(server))
  let profile: { head: Node } | null = null
  try {
    await insp.call('HeapProfiler.enable')
    await liveRound(server, size, workers, 1, {
      async open() {
        await insp.call('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        })
      },
      async close() {
        profile = ((await insp.call('HeapProfiler.stopSampling')) as { profile: { head: Node } })
          .profile
      },
    })
  } finally {
    insp.close()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
    await Promise.all(workers.map((w) => w.close()))
  }
  const bySite = new Map<string, number>()
  let total = 0
  const name = (n: Node) => {
    const f = n.callFrame
    const file = f.url.split('/').slice(-2).join('/')
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
  }
  // A built-in (no file) is charged with its caller too: "Map :0 < transact main.mjs:41".
  const walk = (n: Node, parent: Node | null) => {
    const key = n.callFrame.url || !parent ? name(n) : `${name(n)} < ${name(parent)}`
    bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize)
    total += n.selfSize
    for (const c of n.children) walk(c, n)
  }
  walk((profile as { head: Node } | null)!.head, null)
  const s = size.measureMs / 1000
  console.log(
    `${reference ? 'reference' : 'project'}: ${(total / s / 1e6).toFixed(2)} MB/s allocated`,
  )
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v / s / 1e3).toFixed(0).padStart(7)} kB/s  ${k}`)
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`micro-alloc: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
