/**
 * Rounds of one live scenario with server variants alternating, for quick A/Bs:
 *
 *   npx tsx test/bench/micro-window.ts breakouts|plenary|cursors ROUNDS [--variant "VARIANT"]...
 *
 * A variant is node flags for the project's bundle ("" = as `npm start` runs it), `reference`
 * followed by node flags for the reference server, or may name another build of the project's
 * server (a word ending in `.mjs`, kept in server/dist/ so it finds its dependencies: build one,
 * copy it aside, build the other). Each round prints the server's CPU by thread and the
 * first-arrival p50/p99. Rebuild the bundle first (`npm run build -w server`).
 *
 * WARMUP_MS overrides the warm-up. GC=1 adds the project's GC and SQLite write figures, read
 * from /metrics at the window's edges (which costs the project some CPU in the window).
 * `--perf DIR` records each round with perf (PERF_TRACE=1: a system-call summary instead);
 * BENCH_CHILD_LOG=FILE keeps the servers' output with the window marked. Diagnostic figures;
 * the bar's come from `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startChild } from './childServer'
import { FULL } from './config'
import { type LiveRound, liveRound } from './live'
import { metricsText } from './serverMetrics'
import { forkWorkers } from './workerPool'

/** A line in the child's output log (BENCH_CHILD_LOG), to place the window in it. */
function mark(what: string) {
  const file = process.env.BENCH_CHILD_LOG
  if (file) appendFileSync(file, `@${Date.now()}\n=== ${what}\n`)
}

/** The variant that runs the reference server instead of the project's. */
const REFERENCE = 'reference'

async function gcFigures(server: {
  url: string
  adminToken: string
}): Promise<Record<string, number>> {
  const text = await metricsText(server)
  const out: Record<string, number> = {}
  for (const m of text.matchAll(
    /^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)/gm,
  )) {
    out[`${m[2]}_${m[1]}`] = Number(m[3])
  }
  for (const m of text.matchAll(/^board_write_seconds_(sum|count) (\S+)/gm)) {
    out[`write_${m[1]}`] = Number(m[2])
  }
  for (const m of text.matchAll(/^board_messages_(in|out)_total (\S+)/gm)) {
    out[`messages_${m[1]}`] = Number(m[2])
  }
  return out
}

/** Each generator's p99, CPU, GC and stalls, and the window's worst edits (HOLDS=1). */
function holdsLines(round: LiveRound): string[] {
  const f = (x: number) => x.toFixed(0)
  const lines = (round.generators ?? []).map(
    (g, i) =>
      `  generator ${i}: every p99 ${f(g.everyP99Ms)} ms, cpu ${f(g.cpuPct)} %, major gc ${g.majorGc.n}× ${f(g.majorGc.ms)} ms (max ${f(g.majorGc.maxMs)}), ` +
      `minor gc ${g.minorGc.n}× ${f(g.minorGc.ms)} ms (max ${f(g.minorGc.maxMs)}), stalls ${g.stalls.n}× ${f(g.stalls.ms)} ms (max ${f(g.stalls.maxMs)}); ` +
      `≥ 50 ms at ${g.longStalls.map(([t, ms]) => `${f(t)}+${f(ms)}`).join(' ') || '-'}`,
  )
  const worst = (round.worstEdits ?? []).map(([t, ms]) => `${f(t)}: ${f(ms)}`).join(', ')
  return [...lines, `  worst edits (sent at ms: p90 ms): ${worst}`]
}

async function main() {
  const [scenario, roundsArg, ...rest] = process.argv.slice(2)
  if (scenario !== 'breakouts' && scenario !== 'plenary' && scenario !== 'cursors') {
    throw new Error('breakouts, plenary or cursors')
  }
  const perfAt = rest.indexOf('--perf')
  const perfDir = perfAt >= 0 ? rest.splice(perfAt, 2)[1] : undefined
  const variants: string[] = []
  for (let i = 0; i < rest.length; i++) if (rest[i] === '--variant') variants.push(rest[++i] ?? '')
  if (variants.length === 0) variants.push('')
  const rounds = Number(roundsArg ?? 2)
  const withGc = process.env.GC === '1'
  const size = {
    ...FULL[scenario],
    warmupMs: Number(process.env.WARMUP_MS ?? FULL[scenario].warmupMs),
  }
  const workers = await forkWorkers(FULL.workers + 1, 7)
  try {
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const dataDir = mkdtempSync(join(tmpdir(), 'micro-window-'))
        const words = v.split(/\s+/).filter(Boolean)
        const isReference = words[0] === REFERENCE
        const bundle = words.find((w) => w.endsWith('.mjs'))
        const nodeArgs = (isReference ? words.slice(1) : words).filter((w) => w !== bundle)
        const server = await startChild(
          isReference
            ? { kind: 'reference', runtime: 'bundle', nodeArgs }
            : { kind: 'project', dataDir, runtime: 'bundle', nodeArgs, bundle },
        )
        try {
          let before: Record<string, number> = {}
          let after: Record<string, number> = {}
          let perf: ChildProcess | null = null
          const perfFile = perfDir ? join(perfDir, `r${r + 1}-${variants.indexOf(v)}.data`) : ''
          const round = await liveRound(server, size, workers, r + 1, {
            async open() {
              mark('window open')
              // Reading /metrics at the window's start deoptimises the socket write path
              // (an HTTP response through the same stream code) and costs its recompiling in
              // the window; `npm run bench` reads it at the warm-up's start. Off unless GC=1.
              before = isReference || !withGc ? {} : await gcFigures(server)
              if (perfDir) {
                perf = spawn(
                  'perf',
                  [
                    ...(process.env.PERF_TRACE
                      ? ['trace', '-s', '-o', perfFile.replace(/\.data$/, '.txt')]
                      : ['record', '-F', '1999', '-q', '-o', perfFile]),
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
              mark('window close')
              after = isReference || !withGc ? {} : await gcFigures(server)
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
          const messages = ['in', 'out']
            .map((k) => `${k} ${(after[`messages_${k}`] ?? 0) - (before[`messages_${k}`] ?? 0)}`)
            .join(', ')
          console.log(
            `round ${r + 1} [${v || 'default'}] cpu ${round.serverCpuMs} ms ${JSON.stringify(round.serverThreadsMs)}, ` +
              `first p50/p99 ${round.firstP50Ms.toFixed(2)}/${round.firstP99Ms.toFixed(2)} ms, every p99 ${round.everyP99Ms.toFixed(2)}, ` +
              `cursor p50/p99 ${round.cursorP50Ms.toFixed(1)}/${round.cursorP99Ms.toFixed(1)} ms (probes ${round.cursorProbeP50Ms.toFixed(1)}, ${round.cursorUpdatesPerSecond.toFixed(0)} moves/s), ` +
              `rss ${round.serverPeakRssMb.toFixed(1)} MB, generator ${round.generatorCpuPct.toFixed(0)} %, other ${round.otherCpuPct.toFixed(0)} %, gc: ${gc}` +
              (withGc ? `; messages ${messages}` : ''),
          )
          if (process.env.HOLDS === '1') console.log(holdsLines(round).join('\n'))
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
