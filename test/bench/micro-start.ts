/**
 * A server's start on a data dir of many boards, builds alternating, for quick A/Bs:
 *
 *   npx tsx test/bench/micro-start.ts [ROUNDS] [--boards N] [--variant NAME.mjs]...
 *
 * A variant is a build of the project's server kept in server/dist/ (build one, copy it aside,
 * build the other; default `main.mjs`). Each round times `node -e 0` (node's own start on the
 * machine at that moment), then each variant: spawn → /healthz answered (polled every 5 ms), its
 * RSS and CPU then, a fresh client's first full sync of a board never opened before (its wall
 * time and the server's CPU for it), and its RSS after.
 * The machine's load average is printed with every round. Diagnostic figures; the bar's come
 * from `npm run bench -- --only boards`.
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { PROJECT_BUNDLE } from './childServer'
import { openIn } from './coldOpen'
import { makeDataDir, nodeBoot, timedStart } from './manyBoards'
import { cpuPreciseMs, rssMb } from './proc'
import { median } from './stats'
import { forkWorkers } from './workerPool'

const NOTES = 20

async function main() {
  const args = process.argv.slice(2)
  const rounds = Number(args[0] && !args[0].startsWith('--') ? args.shift() : 5)
  const variants: string[] = []
  let boards = 1000
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--variant') variants.push(args[++i] ?? '')
    else if (args[i] === '--boards') boards = Number(args[++i])
  }
  if (variants.length === 0) variants.push('main.mjs')
  const bundleOf = (v: string) => join(PROJECT_BUNDLE, '..', v)
  const dir = await makeDataDir(boards, NOTES, 'bundle')
  const [opener] = await forkWorkers(1, 11)
  const figures = new Map(
    variants.map((v) => [
      v,
      {
        start: [] as number[],
        startCpu: [] as number[],
        rss: [] as number[],
        open: [] as number[],
        openCpu: [] as number[],
      },
    ]),
  )
  const boot: number[] = []
  try {
    for (let r = 0; r < rounds; r++) {
      const b = await nodeBoot()
      boot.push(b)
      const load = loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')
      console.log(`round ${r + 1}: load ${load}, node -e 0 ${b.toFixed(0)} ms`)
      for (const v of variants) {
        // A different board each round and variant: never one opened before.
        const k = r * variants.length + variants.indexOf(v)
        const board = dir.boards[dir.boards.length - 1 - (k % dir.boards.length)]!
        const { server, ms } = await timedStart(dir, 'bundle', bundleOf(v))
        try {
          const rss = rssMb(server.pid)
          const cpu0 = cpuPreciseMs(server.pid)
          const o = await openIn(opener!, server, board, NOTES)
          const openCpu = cpuPreciseMs(server.pid) - cpu0
          const f = figures.get(v)!
          f.start.push(ms)
          f.startCpu.push(cpu0)
          f.rss.push(rss)
          f.open.push(o.openMs)
          f.openCpu.push(openCpu)
          console.log(
            `  ${v.padEnd(16)} answering in ${ms.toFixed(0).padStart(5)} ms (CPU ${cpu0.toFixed(0)} ms), ` +
              `RSS ${rss.toFixed(1)} MB, open ${o.openMs.toFixed(1)} ms (server CPU ${openCpu.toFixed(1)} ms), ` +
              `RSS after ${rssMb(server.pid).toFixed(1)} MB`,
          )
        } finally {
          await server.stop()
        }
      }
    }
  } finally {
    await opener?.close()
    rmSync(dir.dataDir, { recursive: true, force: true })
  }
  console.log(`medians (${boards} boards on disk; node -e 0 ${median(boot).toFixed(0)} ms):`)
  for (const [v, f] of figures) {
    console.log(
      `  ${v.padEnd(16)} answering ${median(f.start).toFixed(0)} ms (CPU ${median(f.startCpu).toFixed(0)} ms), ` +
        `RSS ${median(f.rss).toFixed(1)} MB, open ${median(f.open).toFixed(1)} ms ` +
        `(server CPU ${median(f.openCpu).toFixed(1)} ms)`,
    )
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e.message)
    process.exit(1)
  },
)
