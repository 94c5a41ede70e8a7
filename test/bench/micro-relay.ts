/**
 * The breakouts' document path alone, closed loop, server builds alternating:
 *
 *   npx tsx test/bench/micro-relay.ts [ROUNDS] [--variant VARIANT]... [--boards 50] [--edits 3000]
 *                                     [--inflight 5] [--gap MS] [--profile FILE] [--moves N]
 *
 * Boards of 8 raw y-websocket clients (no presence); an edit (half new notes, half moves of the
 * writer's own notes, through the shared writers) is sent by one client, and the next edit of
 * that board waits until every other client of the board received it: `--inflight` boards (5)
 * have an edit on its way at any time. So a turn holds what a quiet server's turn holds (one
 * board's edit, sometimes a few boards'), whatever the machine's load: the server never falls
 * behind and batches more. `--gap MS` spaces each lane's edits (5 lanes, 50 ms: the breakouts'
 * 100 edits/s), so each edit meets caches the rest of the process cooled, as a live one does;
 * without it edits follow each other at once. The figure is the server's CPU (user + system,
 * /proc, its socket writes' kernel time included) per edit over `--edits` edits after as many
 * unmeasured ones. A variant is as in micro-window.ts: "" (the bundle as `npm start` runs it),
 * `reference`, another build's .mjs in server/dist, and node flags (words starting with --)
 * added to the project's. `--profile FILE` writes a CPU profile of the last project round's
 * measured edits; STRACE=PREFIX counts the server's system calls over them (strace -c), PERF=PREFIX
 * records them with perf (`reference --perf-basic-prof` passes flags to the reference too).
 * `--moves N`: N cursor moves run beside the edits (spaced in proportion with `--gap`), closed
 * loop as in micro-cursor.ts (each
 * client announces a presence state and re-sends every awareness update that advanced another
 * client's clock, as a y-websocket 3.1 client does), so the two paths share the server as in
 * the breakouts; the figure is then the server's CPU per edit with its share of moves.
 * Diagnostic figures, not the bar's.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { takeAwareness } from './awarenessEcho'
import { createBoards, startChild } from './childServer'
import { createAt, nudge } from './edits'
import { startProfile } from './inspectorProfile'
import {
  awarenessMessage,
  cursorState,
  message,
  microArgs,
  runRounds,
  untilSynced,
} from './microLoop'
import { cpuMs, nowMs, threadCpuMs, threadDelta } from './proc'

const args = microArgs()
const option = args.option
const BOARDS = option('--boards', 50)
const EDITS = option('--edits', 3000)
const INFLIGHT = option('--inflight', 5)
/** `--gap MS`: each lane waits this long after an edit arrived (0: the next edit at once). */
const GAP_MS = option('--gap', 0)
/** `--moves N`: cursor moves beside the measured edits (and as many beside the warm-up's). */
const MOVES = option('--moves', 0)
const PER_BOARD = 8
let closing = false
/** `--profile FILE`: a CPU profile of the last project round's measured edits (FILE.cpuprofile). */
const PROFILE = args.text('--profile')
const { rounds: ROUNDS, variants } = args.rounds()

const syncMessage = (type: number, payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, type)
    encoding.writeVarUint8Array(e, payload)
  })

interface Client {
  ws: WebSocket
  doc: Y.Doc
  synced: boolean
  notes: string[]
  /** Presence: this client's awareness id and clock, and the clocks it holds of the others. */
  id: number
  clock: number
  seen: Map<number, number>
}

interface Board {
  clients: Client[]
  next: number
  /** The edit on its way: its stamp's bytes, and who has yet to receive it. */
  pending: { stamp: Buffer; waiting: Set<Client>; done: () => void } | null
  /** The cursor move on its way (--moves): whose, at which clock, who has yet to receive it. */
  move: { id: number; clock: number; waiting: Set<Client>; done: () => void } | null
}

/** This client's presence, its cursor at (x, its id), at its current clock. */
const awareness = (c: Client, x: number) => awarenessMessage(c.id, c.clock, cursorState(c.id, x))

/** An awareness message as a y-websocket 3.1 client takes it: re-sent when a clock advanced. */
function onAwareness(board: Board, c: Client, bytes: Uint8Array, d: decoding.Decoder): void {
  const advanced = takeAwareness(c.id, c.seen, d, (id, clock) => {
    const p = board.move
    if (p && p.id === id && clock >= p.clock && p.waiting.delete(c) && p.waiting.size === 0) {
      board.move = null
      p.done()
    }
  })
  if (advanced && !closing) c.ws.send(bytes)
}

/** The bytes of `ts` as lib0 writes a float64 (big-endian). */
function stampBytes(ts: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeDoubleBE(ts)
  return b
}

function onMessage(board: Board, c: Client, data: Buffer): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const d = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(d)
  if (type === 1 && MOVES > 0) {
    onAwareness(board, c, bytes, d)
    return
  }
  if (type !== 0) return
  const sub = decoding.readVarUint(d)
  const payload = decoding.readVarUint8Array(d)
  if (sub === 0) c.ws.send(syncMessage(1, Y.encodeStateAsUpdate(c.doc, payload)))
  else if (sub === 1 && !c.synced) {
    Y.applyUpdate(c.doc, payload)
    c.synced = true
  } else if (sub === 2) {
    const p = board.pending
    if (!p?.waiting.has(c)) return
    if (!Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).includes(p.stamp)) {
      return
    }
    p.waiting.delete(c)
    if (p.waiting.size === 0) {
      board.pending = null
      p.done()
    }
  }
}

let nextId = 1
async function connect(url: string, board: Board): Promise<void> {
  const c: Client = {
    ws: new WebSocket(url),
    doc: new Y.Doc(),
    synced: false,
    notes: [],
    id: nextId++,
    clock: 0,
    seen: new Map(),
  }
  board.clients.push(c)
  c.ws.binaryType = 'nodebuffer'
  await untilSynced(
    c,
    () => {
      c.ws.send(syncMessage(0, Y.encodeStateVector(c.doc)))
      c.clock++
      if (MOVES > 0) c.ws.send(awareness(c, 0))
    },
    (data) => onMessage(board, c, data),
    () => closing,
  )
}

/** One edit on `board` by its next writer; resolves when every other client received it. */
function edit(board: Board, gen: prng.PRNG, seq: number): Promise<void> {
  const c = board.clients[board.next++ % PER_BOARD]!
  const ts = nowMs()
  const ups: Uint8Array[] = []
  const on = (u: Uint8Array) => ups.push(u)
  c.doc.on('update', on)
  if (c.notes.length > 0 && seq % 2 === 1) nudge(c.doc, gen, prng.oneOf(gen, c.notes), ts)
  else c.notes.push(createAt(c.doc, gen, `rl${seq}z`, `w${board.next % PER_BOARD}`, ts))
  c.doc.off('update', on)
  return new Promise<void>((resolve) => {
    board.pending = {
      stamp: stampBytes(ts),
      waiting: new Set(board.clients.filter((o) => o !== c)),
      done: resolve,
    }
    for (const u of ups) c.ws.send(syncMessage(2, u))
  })
}

/** `count` edits, `INFLIGHT` boards at a time. */
async function edits(boards: Board[], gen: prng.PRNG, from: number, count: number) {
  // Lane l edits the boards l, l + INFLIGHT, …: never two edits of one board on their way.
  const lane = async (l: number) => {
    const mine = boards.filter((_, i) => i % INFLIGHT === l)
    for (let k = l, n = 0; k < count; k += INFLIGHT, n++) {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`edit ${from + k} not delivered`)), 30_000).unref(),
      )
      await Promise.race([edit(mine[n % mine.length]!, gen, from + k), timeout])
      if (GAP_MS > 0) await new Promise((r) => setTimeout(r, GAP_MS))
    }
  }
  await Promise.all(Array.from({ length: INFLIGHT }, (_, l) => lane(l)))
}

/** One cursor move on `board`; resolves when every other client received it. */
function move(board: Board, seq: number): Promise<void> {
  const c = board.clients[seq % PER_BOARD]!
  c.clock++
  return new Promise<void>((resolve) => {
    board.move = {
      id: c.id,
      clock: c.clock,
      waiting: new Set(board.clients.filter((o) => o !== c)),
      done: resolve,
    }
    c.ws.send(awareness(c, seq))
  })
}

/** `count` moves, `INFLIGHT` boards at a time, lanes offset from the edits' boards. */
async function moves(boards: Board[], from: number, count: number) {
  const lane = async (l: number) => {
    const mine = boards.filter((_, i) => (i + 1) % INFLIGHT === l)
    for (let k = l, n = 0; k < count; k += INFLIGHT, n++) {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`move ${from + k} not delivered`)), 30_000).unref(),
      )
      await Promise.race([move(mine[n % mine.length]!, from + k), timeout])
      // Spaced as the edits are, in proportion, so the moves run beside them to the end.
      if (GAP_MS > 0) await new Promise((r) => setTimeout(r, (GAP_MS * EDITS) / MOVES))
    }
  }
  await Promise.all(Array.from({ length: INFLIGHT }, (_, l) => lane(l)))
}

/** The edits, and `MOVES` cursor moves beside them. */
async function load(boards: Board[], gen: prng.PRNG, from: number): Promise<void> {
  await Promise.all([
    edits(boards, gen, from, EDITS),
    MOVES > 0 ? moves(boards, from, MOVES) : null,
  ])
}

async function round(variant: string, r: number): Promise<void> {
  const words = variant.split(/\s+/).filter(Boolean)
  const isReference = words[0] === 'reference'
  const bundle = words.find((w) => w.endsWith('.mjs'))
  const dataDir = mkdtempSync(join(tmpdir(), 'micro-relay-'))
  const server = await startChild(
    isReference
      ? { kind: 'reference', runtime: 'bundle', nodeArgs: words.slice(1) }
      : {
          kind: 'project',
          dataDir,
          runtime: 'bundle',
          bundle,
          nodeArgs: [
            ...(PROFILE ? ['--inspect=127.0.0.1:0'] : []),
            ...words.filter((w) => w.startsWith('--')),
          ],
        },
  )
  const boards: Board[] = []
  closing = false
  try {
    for (const b of await createBoards(server, BOARDS)) {
      const board: Board = { clients: [], next: 0, pending: null, move: null }
      boards.push(board)
      const url = `${server.syncUrl}/${b.id}${b.token ? `?token=${b.token}` : ''}`
      for (let i = 0; i < PER_BOARD; i++) await connect(url, board)
    }
    const gen = prng.create(42)
    await load(boards, gen, 0)
    const cpu0 = cpuMs(server.pid)
    const threads0 = threadCpuMs(server.pid)
    const t0 = nowMs()
    const profiling = PROFILE && !isReference ? await startProfile(server) : null
    // STRACE=FILE: a count of the server's system calls over the measured edits.
    const strace = process.env.STRACE
      ? spawn(
          'strace',
          [
            '-c',
            '-f',
            '-o',
            `${process.env.STRACE}-${r}-${isReference ? 'ref' : 'project'}`,
            '-p',
            String(server.pid),
          ],
          { stdio: 'ignore' },
        )
      : null
    // PERF=PREFIX: a perf record of the server over the measured edits (run it with node's
    // --perf-basic-prof among the variant's flags for JavaScript's names).
    const perf = process.env.PERF
      ? spawn(
          'perf',
          [
            'record',
            '-F',
            '1999',
            '-q',
            '-o',
            `${process.env.PERF}-${r}-${isReference ? 'ref' : 'project'}.data`,
            '-p',
            String(server.pid),
          ],
          { stdio: 'ignore' },
        )
      : null
    await load(boards, gen, EDITS)
    for (const tracer of [strace, perf]) {
      if (!tracer) continue
      tracer.kill('SIGINT')
      await new Promise((res) => tracer.once('exit', res))
    }
    const cpu = cpuMs(server.pid) - cpu0
    if (profiling) writeFileSync(PROFILE!, JSON.stringify(await profiling.stop()))
    const wall = nowMs() - t0
    console.log(
      `round ${r} [${variant || 'default'}] ${((cpu * 1000) / EDITS).toFixed(0)} µs CPU per edit ` +
        `(${cpu} ms for ${EDITS}${MOVES > 0 ? ` and ${MOVES} moves` : ''}, ${JSON.stringify(threadDelta(threads0, threadCpuMs(server.pid)))}), ` +
        `${(wall / EDITS).toFixed(2)} ms wall per edit`,
    )
  } finally {
    closing = true
    for (const b of boards) for (const c of b.clients) c.ws.terminate()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runRounds('micro-relay', ROUNDS, variants, round)
