/**
 * Profile the project's server over one scenario's measured window, and print where its CPU
 * goes (top functions and areas by self time). For finding the cause of a figure.
 *
 *   tsx test/bench/profile.ts plenary|breakouts|cursors|dashboard|cold|trace-load [--quick] [--top N] [--save FILE]
 *                             (dashboard: the breakouts with session dashboards open)
 *                             [--reference]  (plenary, breakouts and cursors: profile the reference instead)
 *                             [--tsx]        (servers from source under the tsx loader; default:
 *                                             the project's bundle, rebuilt first, under plain node)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBundle, type ChildServer, createBoards, startChild } from './childServer'
import { boardUpdates, openIn, pushBoard } from './coldOpen'
import { FULL, QUICK } from './config'
import { type RunningProfile, startProfile } from './inspectorProfile'
import { liveRound } from './live'
import { type Profile, printProfile } from './profileTop'
import { replayTrace } from './trace'
import { forkWorkers } from './workerPool'

const INSPECT = ['--inspect=127.0.0.1:0']

async function main() {
  const argv = process.argv.slice(2)
  const scenario = argv[0]
  const quick = argv.includes('--quick')
  const topAt = argv.indexOf('--top')
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 30
  const saveAt = argv.indexOf('--save')
  const save = saveAt >= 0 ? argv[saveAt + 1] : undefined
  const sizes = quick ? QUICK : FULL
  const kind = argv.includes('--reference') ? 'reference' : 'project'
  const runtime = argv.includes('--tsx') ? 'tsx' : 'bundle'
  if (runtime === 'bundle') buildBundle()
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-prof-'))
  let server: ChildServer | null = null
  let profile: unknown = null
  const note: string[] = []
  let memory: Record<string, number> | null = null
  try {
    const live = scenario === 'plenary' || scenario === 'breakouts' || scenario === 'cursors'
    if (live && kind === 'reference') note.push('reference server')
    if (live || scenario === 'dashboard') {
      server = await startChild({ kind, dataDir, nodeArgs: INSPECT, runtime })
      const s = server
      let running: RunningProfile | null = null
      const workers = await forkWorkers(sizes.workers + 1, 1)
      const size = scenario === 'dashboard' ? sizes.breakouts : sizes[scenario]
      const round = await liveRound(
        s,
        size,
        workers,
        1,
        {
          async open() {
            running = await startProfile(s)
          },
          async close() {
            memory = await running!.memory()
            profile = await running!.stop()
          },
        },
        scenario === 'dashboard' ? { ...sizes.dashboard, watch: 'all' } : undefined,
      )
      await Promise.all(workers.map((w) => w.close()))
      note.push(
        `${scenario}: server CPU ${round.serverCpuMs} ms over ${size.measureMs} ms; ` +
          `first p50/p99 ${round.firstP50Ms.toFixed(1)}/${round.firstP99Ms.toFixed(1)} ms; ` +
          `every p99 ${round.everyP99Ms.toFixed(1)} ms; other load ${round.otherCpuPct.toFixed(0)} %`,
      )
    } else if (scenario === 'cold' || scenario === 'trace-load') {
      server = await startChild({ kind: 'project', dataDir, runtime })
      const [board] = await createBoards(server, 1)
      if (!board) throw new Error('no board')
      let notes = sizes.coldOpen.notes
      if (scenario === 'cold') {
        await pushBoard(server, board, boardUpdates(notes, sizes.coldOpen.writers, false), notes)
      } else {
        await replayTrace(server, board, sizes.trace, 42)
        notes = sizes.trace.notes
      }
      await server.stop()
      server = await startChild({
        kind: 'project',
        dataDir,
        port: server.port,
        adminToken: server.adminToken,
        nodeArgs: INSPECT,
        runtime,
      })
      const [opener] = await forkWorkers(1, 2)
      const running = await startProfile(server)
      const open = await openIn(opener!, server, board, notes)
      profile = await running.stop()
      await opener!.close()
      note.push(
        `${scenario}: open ${open.openMs.toFixed(1)} ms (the client's own apply ${open.clientApplyMs.toFixed(1)} ms), ${open.docBytes} bytes`,
      )
    } else {
      throw new Error(
        'usage: profile.ts plenary|breakouts|cursors|dashboard|cold|trace-load [--quick] [--top N] [--save FILE]',
      )
    }
  } finally {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  for (const n of note) console.log(n)
  if (memory) console.log(`server memory at the window's end (MB): ${JSON.stringify(memory)}`)
  if (save) writeFileSync(save, JSON.stringify(profile))
  printProfile(profile as Profile, top)
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`profile: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
