/**
 * Session trace replay (project server only: the reference stores nothing). Real clients
 * replay a 90-minute session quickly, in shifts of people; then the figures: bytes the server
 * keeps on disk after a clean stop, against a fresh encoding of the final state, and the time
 * from a restart to a fresh client's first full sync.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  deleteNote,
  editText,
  freshCopy,
  LEVERS,
  notesMap,
  noteText,
  setLever,
} from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { BoardClient } from './boardClient'
import { type ChildServer, createBoards, startChild } from './childServer'
import { openIn } from './coldOpen'
import { TIMEOUT } from './config'
import { createAt, nudge } from './edits'
import { collectGarbage, cpuMs, nowMs, peakRssMb, waitFor } from './proc'
import type { OpenReport } from './protocol'
import { metricsText } from './serverMetrics'
import { type StoredBoardBytes, storedBoardBytes } from './sqliteBytes'
import { countOps, type TraceOp, type TraceSize, traceShifts } from './traceOps'
import type { LoadWorker } from './workerPool'

export interface TraceResult {
  ops: Record<TraceOp['kind'], number>
  people: number
  replayMs: number
  notes: number
  /** Y.encodeStateAsUpdate of the final document, as the clients held it (with its history). */
  finalStateBytes: number
  /** The final document's content written anew (freshCopy [F10.1]): no history at all. */
  freshStateBytes: number
  /** Every file of the data dir after a clean stop (SQLite incl. WAL), and the total. */
  diskFiles: Record<string, number>
  diskBytes: number
  /** The board's own rows in the SQLite file (snapshot and log), and the file's free pages. */
  stored: StoredBoardBytes | null
  /** Median of the loads, each from a restarted server. */
  loadMs: number
  /** Every load, in order. */
  loadRoundsMs: number[]
  /** The unmeasured first open, in the opening process's cold start (from a fresh server too). */
  loadColdClientMs: number
  /** Of which: until the WebSocket was open. */
  loadConnectMs: number
  /** Of which: until the server's first message arrived. */
  loadFirstMessageMs: number
  /** Of which: until the provider reported its first sync (the document applied). */
  loadSyncedMs: number
  /** The client's own share of the load: applying the document to a fresh Y.Doc. */
  loadClientApplyMs: number
  loadServerCpuMs: number
  loadServerPeakRssMb: number
}

const noteId = (n: number) => `t-${n}`
/** Timed loads; the figure is their median. */
const LOADS = 5
/**
 * Unmeasured opens before the loads: the opening process needs about five opens of this board
 * (each with its three timed applies) before its own Yjs code (the apply, then the re-encoding
 * that y-websocket's update listener causes) runs optimised. With one, a run's loads fell as
 * they went (53.4, 68.8, 27.2, 33.1), and eight runs' medians were 35 to 58 ms (six over 47);
 * with three, eight runs gave 30 to 52 ms, the first load of a run still the slowest; with
 * five, three runs gave 26.7 to 29.2 ms, every load within 26.5 to 35.1 ms. The server's share
 * (restart to its first message) is some 6 ms throughout. A forced GC before each open was
 * tried and made the loads slower (80 to 87 ms, also with the young generation held at 64 MB).
 */
const WARM_OPENS = 5
const ORIGIN = 'bench'

function apply(c: BoardClient, gen: prng.PRNG, op: TraceOp, who: string): void {
  const id = noteId(op.note)
  const now = Date.now()
  const opts = { origin: ORIGIN, now: () => now }
  switch (op.kind) {
    case 'create':
      createAt(c.doc, gen, id, who, now)
      return
    case 'move':
      nudge(c.doc, gen, id, now)
      return
    case 'text': {
      const len = noteText(c.doc, id).length
      editText(
        c.doc,
        id,
        {
          index: prng.uint32(gen, 0, len),
          remove: prng.uint32(gen, 0, 3),
          insert: prng.word(gen, 1, 8),
        },
        opts,
      )
      return
    }
    case 'retag':
      setLever(c.doc, id, prng.oneOf(gen, LEVERS).id, opts)
      return
    case 'delete':
      deleteNote(c.doc, id, opts)
      return
  }
}

const sameState = (a: Y.Doc, b: Y.Doc) =>
  Buffer.compare(Buffer.from(Y.encodeStateVector(a)), Buffer.from(Y.encodeStateVector(b))) === 0

function freshBytes(doc: Y.Doc): number {
  const copy = freshCopy(doc)
  if (!copy) throw new Error('the trace board cannot be copied')
  const n = Y.encodeStateAsUpdate(copy).length
  copy.destroy()
  return n
}

/** The server's open WebSocket connections, from its metrics. */
async function openConnections(server: ChildServer): Promise<number> {
  const text = await metricsText(server)
  const m = /^board_connections (\d+)/m.exec(text)
  if (!m) throw new Error('no board_connections in /metrics')
  return Number(m[1])
}

/** Sum of the sizes of every file under `dir`. */
export function dirBytes(dir: string): { files: Record<string, number>; total: number } {
  const files: Record<string, number> = {}
  let total = 0
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p, `${prefix}${e.name}/`)
      else if (e.isFile()) {
        const n = statSync(p).size
        files[`${prefix}${e.name}`] = n
        total += n
      }
    }
  }
  walk(dir, '')
  return { files, total }
}

/**
 * Replay the trace through real clients on `board`, shift by shift (each shift's people connect,
 * act, converge and leave). Returns the final state and the counts.
 */
export async function replayTrace(
  server: ChildServer,
  board: { id: string; token: string; facilitatorToken?: string },
  size: TraceSize & { opsPerSecond: number },
  seed: number,
): Promise<{ final: Uint8Array; ops: Record<TraceOp['kind'], number>; replayMs: number }> {
  const shifts = traceShifts(size, seed)
  const gen = prng.create(seed)
  const t0 = nowMs()
  let final: Uint8Array | null = null
  for (const shift of shifts) {
    const clients = new Map(
      shift.people.map((p) => [
        p,
        new BoardClient({
          syncUrl: server.syncUrl,
          board: board.id,
          // The trace's people move, edit and delete any note, which the server lets only
          // facilitators do [F12.8]; the board's history is the trace's either way.
          token: board.facilitatorToken || board.token,
          name: `p${p}`,
          observe: false,
        }),
      ]),
    )
    try {
      await Promise.all([...clients.values()].map((c) => c.whenSynced(TIMEOUT.syncMs)))
      const start = nowMs()
      for (const [i, op] of shift.ops.entries()) {
        const c = clients.get(op.actor)!
        if (op.kind !== 'create') {
          // The actor acts on a note it can see: wait until the note's creation reached it.
          const notes = notesMap(c.doc)
          const id = noteId(op.note)
          if (!notes.has(id)) {
            await waitFor(`note ${id} at p${op.actor}`, () => notes.has(id), TIMEOUT.syncMs, 1)
          }
        }
        apply(c, gen, op, `p${op.actor}`)
        // Pace the replay, and let the sockets flow between bursts.
        if (i % 25 === 24) {
          const due = start + ((i + 1) * 1000) / size.opsPerSecond
          await new Promise((r) => setTimeout(r, Math.max(0, due - nowMs())))
        }
      }
      const all = [...clients.values()].map((c) => c.doc)
      await waitFor(
        'the shift to converge',
        () => all.every((d) => sameState(d, all[0]!)),
        TIMEOUT.drainMs,
      )
      final = Y.encodeStateAsUpdate(all[0]!)
    } finally {
      for (const c of clients.values()) c.destroy()
    }
  }
  if (!final) throw new Error('the trace has no shift')
  return { final, ops: countOps(shifts), replayMs: nowMs() - t0 }
}

/** Replay the trace on a fresh project server; returns the figures and the restarted server. */
export async function traceRun(
  server: ChildServer,
  size: TraceSize & { opsPerSecond: number },
  seed: number,
  opener: LoadWorker,
): Promise<{ result: TraceResult; server: ChildServer }> {
  if (server.kind !== 'project' || !server.dataDirPath) {
    throw new Error('the trace needs the project server')
  }
  const [board] = await createBoards(server, 1)
  if (!board) throw new Error('no board')
  const { final, ops, replayMs } = await replayTrace(server, board, size, seed)
  const finalDoc = new Y.Doc()
  Y.applyUpdate(finalDoc, final)
  const notes = notesMap(finalDoc).size

  // The clients closed their sockets; once the server has seen them go, the board is idle and
  // its clean stop stores it as a new epoch without the history [F10], as an idle board
  // leaving memory would.
  await waitFor(
    'every trace client to be gone',
    () => openConnections(server).then((n) => n === 0),
    TIMEOUT.drainMs,
  )
  await server.stop()
  const disk = dirBytes(server.dataDirPath)
  const stored = storedBoardBytes(server.dataDirPath, board.id)
  // Loads, each from a restarted server (the board comes from disk every time). The opening
  // process first opens the board WARM_OPENS times unmeasured: after the replay its Yjs code
  // is cold again, and a first open in a cold process costs ~100 ms more (reported apart).
  const restart = () =>
    startChild({
      kind: 'project',
      dataDir: server.dataDirPath!,
      port: server.port,
      adminToken: server.adminToken,
      runtime: server.runtime,
    })
  // The replay's 150 clients are garbage in this process now: collect it before timing, so
  // the loads do not share the two cores with that collection.
  collectGarbage()
  let s = await restart()
  const coldClient = await openIn(opener, s, board, notes, finalDoc)
  for (let i = 1; i < WARM_OPENS; i++) await openIn(opener, s, board, notes, finalDoc)
  const loads: { open: OpenReport; cpu: number; rss: number }[] = []
  for (let i = 0; i < LOADS; i++) {
    await s.stop()
    s = await restart()
    const cpu0 = cpuMs(s.pid)
    const open = await openIn(opener, s, board, notes, finalDoc)
    loads.push({ open, cpu: cpuMs(s.pid) - cpu0, rss: peakRssMb(s.pid) })
  }
  const byTime = [...loads].sort((a, b) => a.open.openMs - b.open.openMs)
  // The median (the upper one of an even count: the figure never flatters).
  const mid = byTime[Math.floor(byTime.length / 2)]!
  const open = mid.open
  return {
    result: {
      ops,
      people: size.people,
      replayMs,
      notes,
      finalStateBytes: Y.encodeStateAsUpdate(finalDoc).length,
      freshStateBytes: freshBytes(finalDoc),
      diskFiles: disk.files,
      diskBytes: disk.total,
      stored,
      loadMs: open.openMs,
      loadRoundsMs: loads.map((l) => l.open.openMs),
      loadColdClientMs: coldClient.openMs,
      loadConnectMs: open.connectMs,
      loadFirstMessageMs: open.firstMessageMs,
      loadSyncedMs: open.syncedMs,
      loadClientApplyMs: open.clientApplyMs,
      loadServerCpuMs: mid.cpu,
      loadServerPeakRssMb: Math.max(...loads.map((l) => l.rss)),
    },
    server: s,
  }
}
