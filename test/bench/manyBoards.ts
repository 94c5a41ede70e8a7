/**
 * Many boards on disk (project only: the reference keeps nothing). A data dir holding `boards`
 * boards of `notesPerBoard` notes each (sessions made through the API, notes appended to the
 * log as a session writes them), against one holding a single such board: how long the server
 * takes from its start until it answers, and a fresh client's first full sync of one of the
 * boards, from a restarted server (nothing in memory). Rounds alternate many, one, many, one.
 *
 * Every round starts from a fresh copy of each data dir, so the board opened is in the same
 * state in both: as written, never opened. (The server compacts a board it had open when it
 * stops; reopening the single board of a reused dir read one snapshot where the many boards'
 * never-opened one read its log, and a fresh process's first apply of 21 rows costs some
 * 20 ms more CPU than of one snapshot, before V8 has compiled Yjs' decoding.) The opener
 * opens a board untimed before the rounds, so its own first decode is not in round 1.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { type BoardAccess, type ChildServer, createBoards, startChild } from './childServer'
import { boardUpdates, openIn } from './coldOpen'
import { cpuPreciseMs, nowMs, rssMb } from './proc'
import { median } from './stats'
import type { LoadWorker } from './workerPool'

/** Boards per session made through the API (its limit is 200). */
const PER_SESSION = 100

export interface ManyBoardsRun {
  boards: number
  /** From spawning the server until it answered /healthz, ms (polled every 5 ms). */
  startMs: number[]
  /** A fresh client's first full sync of one board, after a restart, ms. */
  openMs: number[]
  /** The server's CPU time over that open (all threads, µs precision), ms. */
  openCpuMs?: number[]
  /** The server's RSS once started, MB. */
  startRssMb: number[]
}

export interface ManyBoardsResult {
  many: ManyBoardsRun
  one: ManyBoardsRun
  notesPerBoard: number
  /**
   * Node's own start and exit (`node -e 0`) in each round, ms: what a start costs before any of
   * the server's code runs, on this machine at that moment.
   */
  nodeBootMs?: number[]
}

/** Spawn `node -e 0` and time it until it exited. */
export function nodeBoot(): Promise<number> {
  const t0 = nowMs()
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    p.once('error', reject)
    p.once('exit', () => resolve(nowMs() - t0))
  })
}

/** A data dir of `boards` boards with `notes` notes each; returns it and the boards' links. */
export async function makeDataDir(boards: number, notes: number, runtime: 'tsx' | 'bundle') {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-boards-'))
  const s = await startChild({ kind: 'project', dataDir, runtime })
  let made: BoardAccess[] = []
  try {
    for (let left = boards; left > 0; left -= PER_SESSION) {
      made = made.concat(await createBoards(s, Math.min(PER_SESSION, left)))
    }
  } finally {
    await s.stop()
  }
  // The notes go straight into the log, one row per note, as the server appends them.
  const storage = openSqliteStorage(dataDir)
  try {
    const updates = boardUpdates(notes, 2, false)
    for (const b of made) {
      storage.appendUpdates(updates.map((data) => ({ boardId: b.id, data })))
    }
  } finally {
    storage.close()
  }
  return { dataDir, boards: made, adminToken: s.adminToken, port: s.port }
}

/** Start the project's server on `dir` and time it until it answers. */
export async function timedStart(
  dir: { dataDir: string; adminToken: string; port: number },
  runtime: 'tsx' | 'bundle',
  bundle?: string,
): Promise<{ server: ChildServer; ms: number }> {
  const t0 = nowMs()
  const server = await startChild({
    kind: 'project',
    dataDir: dir.dataDir,
    port: dir.port,
    adminToken: dir.adminToken,
    runtime,
    bundle,
    healthPollMs: 5,
  })
  return { server, ms: nowMs() - t0 }
}

/** The many-boards scenario: `rounds` alternating rounds of the big data dir and the small. */
export async function manyBoardsRun(
  size: { boards: number; notesPerBoard: number; opens: number },
  opener: LoadWorker,
  runtime: 'tsx' | 'bundle',
  log: (s: string) => void,
): Promise<ManyBoardsResult> {
  const dirs = {
    many: await makeDataDir(size.boards, size.notesPerBoard, runtime),
    one: await makeDataDir(1, size.notesPerBoard, runtime),
  }
  const out: ManyBoardsResult = {
    many: { boards: size.boards, startMs: [], openMs: [], openCpuMs: [], startRssMb: [] },
    one: { boards: 1, startMs: [], openMs: [], openCpuMs: [], startRssMb: [] },
    notesPerBoard: size.notesPerBoard,
    nodeBootMs: [],
  }
  const copies: string[] = []
  /** A fresh copy of a data dir: its boards as written, never opened. */
  const copyOf = (dir: Awaited<ReturnType<typeof makeDataDir>>) => {
    const to = mkdtempSync(join(tmpdir(), 'bench-boards-copy-'))
    cpSync(dir.dataDir, to, { recursive: true })
    copies.push(to)
    return { ...dir, dataDir: to }
  }
  const done = () => {
    for (const c of copies.splice(0)) rmSync(c, { recursive: true, force: true })
  }
  try {
    // The opener's own first open, untimed.
    const warm = await timedStart(copyOf(dirs.one), runtime)
    try {
      await openIn(opener, warm.server, dirs.one.boards[0]!, size.notesPerBoard)
    } finally {
      await warm.server.stop()
      done()
    }
    for (let r = 0; r < size.opens; r++) {
      const boot = await nodeBoot()
      out.nodeBootMs!.push(boot)
      log(`  boards round ${r + 1} node -e 0 (node's own start): ${boot.toFixed(0)} ms`)
      for (const kind of ['many', 'one'] as const) {
        const dir = copyOf(dirs[kind])
        // A different board each round (the last made first).
        const board = dir.boards[dir.boards.length - 1 - (r % dir.boards.length)]!
        const { server, ms } = await timedStart(dir, runtime)
        try {
          out[kind].startMs.push(ms)
          out[kind].startRssMb.push(rssMb(server.pid))
          const cpu0 = cpuPreciseMs(server.pid)
          const o = await openIn(opener, server, board, size.notesPerBoard)
          const cpu = cpuPreciseMs(server.pid) - cpu0
          out[kind].openMs.push(o.openMs)
          out[kind].openCpuMs!.push(cpu)
          log(
            `  boards round ${r + 1} ${String(out[kind].boards).padStart(5)} on disk: started in ${ms.toFixed(0)} ms, ` +
              `open ${o.openMs.toFixed(1)} ms (server ${cpu.toFixed(1)} ms CPU), RSS ${rssMb(server.pid).toFixed(1)} MB`,
          )
        } finally {
          await server.stop()
          done()
        }
      }
    }
  } finally {
    for (const d of Object.values(dirs)) rmSync(d.dataDir, { recursive: true, force: true })
  }
  return out
}

/** Medians of a run. */
export const manyBoardsMedians = (r: ManyBoardsRun) => ({
  startMs: median(r.startMs),
  openMs: median(r.openMs),
  openCpuMs: median(r.openCpuMs ?? []),
  startRssMb: median(r.startRssMb),
})
