/**
 * Project-only rounds of a live scenario, for A/B-ing server variants quickly (no reference):
 *
 *   npx tsx test/bench/micro-window.ts breakouts|plenary ROUNDS [--variant "NODE FLAGS"]...
 *
 * Variants (node flags for the server bundle, "" = as `npm start` runs it) alternate round by
 * round; each round prints the server's CPU by thread, first-arrival p50/p99 and the GC time by
 * kind over the window (from the server's /metrics). Rebuild the bundle first
 * (`npm run build -w server`); WARMUP_MS overrides the warm-up. Diagnostic figures; the bar's
 * come from `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startChild } from './childServer'
import { FULL } from './config'
import { liveRound } from './live'
import { forkWorkers } from './workerPool'

async function gcFigures(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(
    /^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)/gm,
  )) {
    out[`${m[2]}_${m[1]}`] = Number(m[3])
  }
  return out
}

async function main() {
  const [scenario, roundsArg, ...rest] = process.argv.slice(2)
  if (scenario !== 'breakouts' && scenario !== 'plenary') throw new Error('breakouts or plenary')
  const perfAt = rest.indexOf('--perf')
  const perfDir = perfAt >= 0 ? rest.splice(perfAt, 2)[1] : undefined
  const variants: string[] = []
  for (let i = 0; i < rest.length; i++) if (rest[i] === '--variant') variants.push(rest[++i] ?? '')
  if (variants.length === 0) variants.push('')
  const rounds = Number(roundsArg ?? 2)
  const size = {
    ...FULL[scenario],
    warmupMs: Number(process.env.WARMUP_MS ?? FULL[scenario].warmupMs),
  }
  const workers = await forkWorkers(FULL.workers + 1, 7)
  try {
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const dataDir = mkdtempSync(join(tmpdir(), 'micro-window-'))
        const nodeArgs = v.split(/\s+/).filter(Boolean)
        const server = await startChild({ kind: 'project', dataDir, runtime: 'bundle', nodeArgs })
        try {
          let before: Record<string, number> = {}
          let after: Record<string, number> = {}
          let perf: ChildProcess | null = null
          const perfFile = perfDir ? join(perfDir, `r${r + 1}-${variants.indexOf(v)}.data`) : ''
          const round = await liveRound(server, size, workers, r + 1, {
            async open() {
              before = await gcFigures(server.url)
              if (perfDir) {
                perf = spawn(
                  'perf',
                  [
                    'record',
                    '-F',
                    '1999',
                    '-q',
                    '-o',
                    perfFile,
                    '-p',
                    String(server.child.pid),
                    '--',
                    'sleep',
                    String(size.measureMs / 1000),
                  ],
                  { stdio: 'ignore' },
                )
              }
            },
            async close() {
              after = await gcFigures(server.url)
              const p = perf as ChildProcess | null
              if (p && p.exitCode === null) await new Promise((res) => p.once('exit', res))
            },
          })
          const gc = Object.keys(after)
            .filter((k) => k.endsWith('_sum'))
            .map((k) => {
              const kind = k.slice(0, -4)
              const ms = ((after[k] ?? 0) - (before[k] ?? 0)) * 1000
              const n = (after[`${kind}_count`] ?? 0) - (before[`${kind}_count`] ?? 0)
              return `${kind} ${n}× ${ms.toFixed(1)} ms`
            })
            .join(', ')
          console.log(
            `round ${r + 1} [${v || 'default'}] cpu ${round.serverCpuMs} ms ${JSON.stringify(round.serverThreadsMs)}, ` +
              `first p50/p99 ${round.firstP50Ms.toFixed(2)}/${round.firstP99Ms.toFixed(2)} ms, every p99 ${round.everyP99Ms.toFixed(2)}, ` +
              `rss ${round.serverPeakRssMb.toFixed(1)} MB, other ${round.otherCpuPct.toFixed(0)} %, gc: ${gc}`,
          )
        } finally {
          await server.stop()
          rmSync(dataDir, { recursive: true, force: true })
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()))
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`micro-window: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
