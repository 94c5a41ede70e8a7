/**
 * The breakouts' presence path alone, closed loop, server builds alternating:
 *
 *   npx tsx test/bench/micro-cursor.ts [ROUNDS] [--variant VARIANT]... [--boards 50] [--moves 4000]
 *                                      [--inflight 5]
 *   npx tsx test/bench/micro-cursor.ts 4 --variant "" --variant "--no-echo"
 *
 * Boards of 8 raw clients that speak awareness as a y-websocket 3.1 client does: each announces
 * a state on joining, and re-sends every awareness update in which another client's clock
 * advanced (y-protocols' `applyAwarenessUpdate` emits 'update', the provider broadcasts it), so
 * each move comes back to the server from every other client of the board. A move is sent by
 * one client (its clock + 1, a new cursor), and the next move of that board waits until every
 * other client received it: `--inflight` boards have a move on its way at any time, so a turn
 * holds what a quiet server's turn holds whatever the machine's load. The figure is the
 * server's CPU (user + system, /proc) per move, its echoes included, over `--moves` moves after
 * as many unmeasured ones. Variants as in micro-relay.ts, and a variant's word `--no-echo` (not
 * passed to node): its clients re-send nothing, as the board's own client does since it sends
 * only its own presence [P1.4], so `--variant "" --variant "--no-echo"` compares a board of
 * stock y-websocket 3.1 clients with one of the product's in alternating rounds. Diagnostic
 * figures, not the bar's.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import { takeAwareness } from './awarenessEcho'
import { createBoards, startChild } from './childServer'
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
const BOARDS = args.option('--boards', 50)
const MOVES = args.option('--moves', 4000)
const INFLIGHT = Math.min(args.option('--inflight', 5), BOARDS)
const PER_BOARD = 8
const { rounds: ROUNDS, variants } = args.rounds()
/** A variant's word: its clients send only their own presence, as the board's client [P1.4]. */
const NO_ECHO = '--no-echo'
let closing = false
/** Whether this round's clients re-send what they applied (stock y-websocket 3.1). */
let echo = true

interface Client {
  ws: WebSocket
  id: number
  clock: number
  /** The clocks this client holds of every client id (y-protocols' meta). */
  seen: Map<number, number>
  synced: boolean
}

interface Board {
  clients: Client[]
  /** The move on its way: whose, at which clock, and who has yet to receive it. */
  pending: { id: number; clock: number; waiting: Set<Client>; done: () => void } | null
}

function onMessage(board: Board, c: Client, data: Buffer): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const d = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(d)
  if (type === 0) {
    const sub = decoding.readVarUint(d)
    // Sync step 1: an empty document answers with an empty update; step 2 means synced.
    if (sub === 0)
      c.ws.send(
        message((e) => {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint8Array(e, Uint8Array.of(0, 0))
        }),
      )
    else if (sub === 1) c.synced = true
    return
  }
  if (type !== 1) return
  const advanced = takeAwareness(c.id, c.seen, d, (id, clock) => {
    const p = board.pending
    if (p && p.id === id && clock >= p.clock && p.waiting.delete(c) && p.waiting.size === 0) {
      board.pending = null
      p.done()
    }
  })
  // A stock y-websocket 3.1 client re-sends what it applied; the board's client does not.
  if (echo && advanced && !closing) c.ws.send(bytes)
}

async function connect(url: string, board: Board, id: number): Promise<void> {
  const c: Client = { ws: new WebSocket(url), id, clock: 0, seen: new Map(), synced: false }
  board.clients.push(c)
  await untilSynced(
    c,
    () => {
      c.ws.send(
        message((e) => {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint8Array(e, Uint8Array.of(0))
        }),
      )
      c.ws.send(awarenessMessage(c.id, ++c.clock, cursorState(c.id, 0)))
    },
    (data) => onMessage(board, c, data),
    () => closing,
  )
}

/** One move on `board` by a client of it; resolves when every other client received it. */
function move(board: Board, seq: number): Promise<void> {
  const c = board.clients[seq % PER_BOARD]!
  const clock = ++c.clock
  return new Promise<void>((resolve) => {
    board.pending = {
      id: c.id,
      clock,
      waiting: new Set(board.clients.filter((o) => o !== c)),
      done: resolve,
    }
    c.ws.send(awarenessMessage(c.id, clock, cursorState(c.id, seq)))
  })
}

async function moves(boards: Board[], from: number, count: number) {
  const lane = async (l: number) => {
    const mine = boards.filter((_, i) => i % INFLIGHT === l)
    for (let k = l, n = 0; k < count; k += INFLIGHT, n++) {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`move ${from + k} not delivered`)), 30_000).unref(),
      )
      await Promise.race([move(mine[n % mine.length]!, from + k), timeout])
    }
  }
  await Promise.all(Array.from({ length: INFLIGHT }, (_, l) => lane(l)))
}

async function round(variant: string, r: number): Promise<void> {
  const words = variant.split(/\s+/).filter(Boolean)
  const isReference = words[0] === 'reference'
  const bundle = words.find((w) => w.endsWith('.mjs'))
  const dataDir = mkdtempSync(join(tmpdir(), 'micro-cursor-'))
  const server = await startChild(
    isReference
      ? { kind: 'reference', runtime: 'bundle' }
      : {
          kind: 'project',
          dataDir,
          runtime: 'bundle',
          bundle,
          nodeArgs: words.filter((w) => w.startsWith('--') && w !== NO_ECHO),
        },
  )
  const boards: Board[] = []
  closing = false
  echo = !words.includes(NO_ECHO)
  try {
    let id = 1
    for (const b of await createBoards(server, BOARDS)) {
      const board: Board = { clients: [], pending: null }
      boards.push(board)
      const url = `${server.syncUrl}/${b.id}${b.token ? `?token=${b.token}` : ''}`
      for (let i = 0; i < PER_BOARD; i++) await connect(url, board, id++)
    }
    await moves(boards, 0, MOVES)
    const cpu0 = cpuMs(server.pid)
    const threads0 = threadCpuMs(server.pid)
    const t0 = nowMs()
    await moves(boards, MOVES, MOVES)
    const cpu = cpuMs(server.pid) - cpu0
    const wall = nowMs() - t0
    console.log(
      `round ${r} [${variant || 'default'}] ${((cpu * 1000) / MOVES).toFixed(0)} µs CPU per move ` +
        `${echo ? `(${PER_BOARD - 1} echoes each)` : '(no echoes)'} ` +
        `(${cpu} ms for ${MOVES}, ${JSON.stringify(threadDelta(threads0, threadCpuMs(server.pid)))}), ` +
        `${(wall / MOVES).toFixed(2)} ms wall per move`,
    )
  } finally {
    closing = true
    for (const b of boards) for (const c of b.clients) c.ws.terminate()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runRounds('micro-cursor', ROUNDS, variants, round)
