/**
 * Cold open: a board of N notes, written by real clients one note per transaction, then a
 * fresh client's first full sync. The project's server is restarted on its data dir first, so
 * the board comes from disk; the reference stores nothing, so its board stays in memory (it
 * is a warm open there, and its peak RSS is reset to the current RSS before the open).
 *
 * Before the timed open, the measuring process opens the same board `warmOpens` times,
 * untimed, on the server that wrote it (both servers alike): a browser tab's first open of a
 * board is not the opener's first Yjs decode in its life, and the first open in a fresh
 * process paid 100 to 300 ms of its own compiling, which the figure then charged to the server.
 */
import { seedBoard } from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { BoardClient } from './boardClient'
import { type ChildServer, createBoards, startChild } from './childServer'
import { TIMEOUT } from './config'
import { boardDigest } from './digest'
import { createAt } from './edits'
import { cpuPreciseMs, peakRssMb, resetPeakRss, rssMb, waitFor } from './proc'
import type { OpenReport } from './protocol'
import type { LoadWorker } from './workerPool'

export interface OpenRound {
  notes: number
  /** Client created → first full sync with every note. */
  openMs: number
  /** Of which: until the WebSocket was open. */
  connectMs: number
  /** Of which: until the server's first message arrived. */
  firstMessageMs: number
  /** Of which: until the provider reported its first sync (the document applied). */
  syncedMs: number
  /** Bytes of the document the client received (a fresh encoding of its state). */
  docBytes: number
  /** The client's own share: applying that many bytes to a fresh Y.Doc (best of 3), in this process. */
  clientApplyMs: number
  /** The server's CPU time (all threads, µs precision) from before the connect to the sync. */
  serverCpuMs: number
  serverPeakRssMb: number
  /** The (re)started server's idle RSS before the open, MB. */
  serverStartRssMb: number
}

/**
 * The updates of `notes` note creations by `writers` clients (one transaction each), plus the
 * board settings first when `withMeta` (the reference server seeds nothing).
 */
export function boardUpdates(notes: number, writers: number, withMeta: boolean, seed = 1) {
  const gen = prng.create(seed)
  const docs = Array.from({ length: writers }, () => new Y.Doc())
  const updates: Uint8Array[] = []
  for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u))
  if (withMeta) seedBoard(docs[0]!, { title: 'Cold open board' })
  for (let i = 0; i < notes; i++) {
    const w = i % writers
    createAt(docs[w]!, gen, `open-${i}`, `w${w}`, Date.UTC(2026, 0, 15, 9) + i * 1000)
  }
  for (const d of docs) d.destroy()
  return updates
}

/**
 * Write the updates through one real client, wait until a second client holds every note
 * (the project's server stores before it relays), then close both. The writer uses the
 * facilitator's link when there is one: 2,000 notes from one connection are an import, over
 * what one participant may write in a minute (docs/server.md [G4]).
 */
export async function pushBoard(
  server: ChildServer,
  board: { id: string; token: string; facilitatorToken?: string },
  updates: Uint8Array[],
  notes: number,
): Promise<void> {
  const writer = new BoardClient({
    syncUrl: server.syncUrl,
    board: board.id,
    token: board.facilitatorToken || board.token,
    name: 'writer',
    observe: false,
  })
  const check = new BoardClient({
    syncUrl: server.syncUrl,
    board: board.id,
    token: board.token,
    name: 'check',
    observe: false,
  })
  try {
    await writer.whenSynced(TIMEOUT.syncMs)
    for (const u of updates) Y.applyUpdate(writer.doc, u)
    await check.whenSynced(TIMEOUT.syncMs)
    await waitFor(
      `${notes} notes at a second client`,
      () => check.noteCount() >= notes,
      TIMEOUT.syncMs,
    )
  } finally {
    writer.destroy()
    check.destroy()
  }
}

/**
 * A fresh client's first full sync of a board holding `notes` notes, timed in a load-generator
 * process of its own (a fresh process, like a browser tab opening the board).
 */
export function openIn(
  opener: LoadWorker,
  server: ChildServer,
  board: { id: string; token: string },
  notes: number,
  finalState?: Y.Doc,
): Promise<OpenReport> {
  return opener.call<OpenReport>({
    type: 'open',
    syncUrl: server.syncUrl,
    board: board.id,
    token: board.token,
    notes,
    timeoutMs: TIMEOUT.syncMs,
    digest: finalState ? boardDigest(finalState) : undefined,
  })
}

/** Untimed opens before the timed one (see the file's comment). */
export const WARM_OPENS = 2

/**
 * One cold-open round. `server` is fresh; for the project it is stopped and a new process is
 * started on the same data dir (returned, for the caller to stop).
 */
export async function coldOpenRound(
  server: ChildServer,
  notes: number,
  writers: number,
  opener: LoadWorker,
  /** Another build of the project's server to restart with (diagnostics: A/B of two builds). */
  bundle?: string,
  /** Untimed opens of the board by the measuring process before the timed one. */
  warmOpens = WARM_OPENS,
): Promise<{ round: OpenRound; server: ChildServer }> {
  const [board] = await createBoards(server, 1)
  if (!board) throw new Error('no board')
  await pushBoard(server, board, boardUpdates(notes, writers, server.kind === 'reference'), notes)
  for (let i = 0; i < warmOpens; i++) await openIn(opener, server, board, notes)
  let s = server
  if (s.kind === 'project') {
    await s.stop()
    s = await startChild({
      kind: 'project',
      dataDir: server.dataDirPath!,
      port: server.port,
      adminToken: server.adminToken,
      runtime: server.runtime,
      ...(bundle ? { bundle } : {}),
    })
  } else {
    resetPeakRss(s.pid)
  }
  const rssBefore = rssMb(s.pid)
  const cpu0 = cpuPreciseMs(s.pid)
  const { openMs, connectMs, firstMessageMs, syncedMs, docBytes, clientApplyMs } = await openIn(
    opener,
    s,
    board,
    notes,
  )
  return {
    round: {
      notes,
      openMs,
      connectMs,
      firstMessageMs,
      syncedMs,
      docBytes,
      clientApplyMs,
      serverCpuMs: cpuPreciseMs(s.pid) - cpu0,
      serverPeakRssMb: peakRssMb(s.pid),
      serverStartRssMb: s.kind === 'project' ? s.startRssMb : rssBefore,
    },
    server: s,
  }
}
