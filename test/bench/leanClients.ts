/**
 * Lean clients for the capacity scenario: thousands of connections per load-generator process,
 * where a y-websocket provider each (a Y.Doc applying every update of its board) would saturate
 * the generator long before the server. Each speaks the y-websocket protocol over a raw
 * WebSocket (rawWs.ts: a TCP socket and its frames, not `ws`) as a stock client does on the
 * wire: sync step 1 and 2 on connect, its presence (a state renewed by cursor moves), an
 * awareness echo of every change it is sent (y-websocket 3.1 re-sends what it applies; `echo:
 * false` leaves it out, as the project's own browser client does), and
 * note creations through the shared writers on a document that holds the board as it was at
 * connect plus its own notes (so its updates build only on what the server has). It does not apply others' updates: it finds the edits in them by their note
 * ids (`cap<key>s<seq>z`) and times their arrival; one client per board also times cursors.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { createAt } from './edits'
import { nowMs } from './proc'
import { RawWs, type RawWsHandlers, wsClient } from './rawWs'
import { watchHolds } from './stalls'

export interface LeanSpec {
  key: number
  board: string
  token: string
  /** Time other people's cursor moves (parses their JSON). */
  timesCursors: boolean
  /**
   * Re-send every awareness update received, as a stock y-websocket 3.1 client does (default);
   * false: only its own presence, as the project's browser client sends (docs/client.md).
   */
  echo?: boolean
}

/** An edit as sent (board, note id, time) and as seen by one receiver (board, note id, time). */
export type LeanSend = [board: string, id: string, ts: number]
export type LeanArrival = [board: string, id: string, at: number]

interface Lean {
  spec: LeanSpec
  ws: Pick<RawWs, 'open' | 'send' | 'terminate'>
  doc: Y.Doc
  clock: number
  seq: number
  synced: boolean
}

const leans: Lean[] = []
let arrivals: LeanArrival[] = []
let cursorLatencies: number[] = []
let cursorWindow = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
const MARK = Buffer.from('cap')

const message = (f: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  f(e)
  return encoding.toUint8Array(e)
}
const SYNC_STEP1_EMPTY = message((e) => {
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, Uint8Array.of(0))
})
const SYNC_STEP2_EMPTY = message((e) => {
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, Uint8Array.of(0, 0))
})

function presence(l: Lean, cursor: { x: number; y: number } | null): Uint8Array {
  l.clock++
  const state = JSON.stringify({
    user: { id: `u-${l.spec.key}`, name: `p${l.spec.key}`, city: 'Bench', color: '#2f6fde' },
    cursor,
  })
  const inner = message((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, l.doc.clientID)
    encoding.writeVarUint(e, l.clock)
    encoding.writeVarString(e, state)
  })
  return message((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, inner)
  })
}

/** Note ids of the edits in an update (found by their marker, no Yjs decoding). */
function editIds(update: Uint8Array): string[] {
  const b = Buffer.from(update.buffer, update.byteOffset, update.byteLength)
  const ids: string[] = []
  for (let at = b.indexOf(MARK); at >= 0; at = b.indexOf(MARK, at + 3)) {
    const end = b.indexOf(0x7a, at) // 'z'
    if (end < 0 || end - at > 24) continue
    const id = b.toString('latin1', at, end + 1)
    if (/^cap\d+s\d+z$/.test(id)) ids.push(id)
  }
  return ids
}

/** Messages the clients received and sent since the window opened (both directions' count). */
const traffic = { received: 0, sent: 0 }

function onMessage(l: Lean, data: Uint8Array): void {
  traffic.received++
  const d = decoding.createDecoder(data)
  const type = decoding.readVarUint(d)
  if (type === 0) {
    const sub = decoding.readVarUint(d)
    const payload = decoding.readVarUint8Array(d)
    if (sub === 0) l.ws.send(SYNC_STEP2_EMPTY)
    else if (sub === 1 && !l.synced) {
      Y.applyUpdate(l.doc, payload)
      l.synced = true
    } else if (sub === 2) {
      const at = nowMs()
      for (const id of editIds(payload)) arrivals.push([l.spec.board, id, at])
    }
    return
  }
  if (type !== 1) return
  const update = decoding.readVarUint8Array(d)
  const u = decoding.createDecoder(update)
  const count = decoding.readVarUint(u)
  if (count === 0) return
  // y-websocket 3.1 re-sends every awareness update it applies.
  if (l.spec.echo !== false) {
    l.ws.send(data)
    traffic.sent++
  }
  if (!l.spec.timesCursors) return
  const at = nowMs()
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(u)
    decoding.readVarUint(u)
    const json = decoding.readVarString(u)
    if (id === l.doc.clientID) continue
    const x = (JSON.parse(json) as { cursor?: { x?: unknown } } | null)?.cursor?.x
    if (typeof x === 'number' && x >= cursorWindow.from && x < cursorWindow.to) {
      cursorLatencies.push(at - x)
    }
  }
}

/** Connect lean clients, `batch` at a time, each until it holds the board. */
export async function leanConnect(
  syncUrl: string,
  specs: LeanSpec[],
  batch: number,
  timeoutMs: number,
  /** 'ws': the `ws` client instead of the raw socket (diagnostics: what the raw one saves). */
  transport: 'raw' | 'ws' = 'raw',
): Promise<number> {
  const open =
    transport === 'ws' ? wsClient : (url: string, on: RawWsHandlers) => new RawWs(url, on)
  const end = Date.now() + timeoutMs
  for (let i = 0; i < specs.length; i += batch) {
    await Promise.all(
      specs.slice(i, i + batch).map(
        (spec) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`lean client ${spec.key}: no sync`)),
              Math.max(1, end - Date.now()),
            )
            const l: Lean = {
              spec,
              ws: open(`${syncUrl}/${spec.board}${spec.token ? `?token=${spec.token}` : ''}`, {
                onOpen: () => {
                  l.ws.send(SYNC_STEP1_EMPTY)
                  l.ws.send(presence(l, null))
                },
                onMessage: (data) => {
                  const was = l.synced
                  onMessage(l, data)
                  if (!was && l.synced) {
                    clearTimeout(timer)
                    resolve()
                  }
                },
                onClose: () => {
                  clearTimeout(timer)
                  if (!l.synced) reject(new Error(`lean client ${spec.key}: closed`))
                },
              }),
              doc: new Y.Doc(),
              clock: 0,
              seq: 0,
              synced: false,
            }
            leans.push(l)
          }),
      ),
    )
  }
  return leans.length
}

export interface LeanPlan {
  startAt: number
  /** The load starts this long before `startAt`; its edits are neither timed nor counted. */
  warmupMs?: number
  durationMs: number
  cursorHz: number
  editEveryS: number
  seed: number
}

export interface LeanRunReport {
  sends: LeanSend[]
  arrivals: LeanArrival[]
  cursorLatencies: number[]
  /** Sockets that closed during the window. */
  closed: number
  /** Messages received and sent by these clients from the window's start to its end. */
  received: number
  sent: number
  /**
   * This process's own holds over the window (its 5 ms timer late by more than 30 ms; its
   * garbage collections): every client it hosts times every arrival late through them.
   */
  longestStallMs: number
  stallMs: number
  gcMs: number
}

/**
 * Cursor moves at `cursorHz` and an edit every `editEveryS` for every client, phases spread,
 * from the warm-up's start to the window's end (only the window's edits and messages are
 * counted); then a short grace for the window's last messages.
 */
export async function leanRun(p: LeanPlan): Promise<LeanRunReport> {
  const gen = prng.create(p.seed)
  arrivals = []
  cursorLatencies = []
  cursorWindow = { from: p.startAt, to: p.startAt + p.durationMs }
  const sends: LeanSend[] = []
  const cursorMs = p.cursorHz > 0 ? 1000 / p.cursorHz : Number.POSITIVE_INFINITY
  const editMs = p.editEveryS * 1000
  const loadFrom = p.startAt - (p.warmupMs ?? 0)
  const nextCursor = leans.map(() => loadFrom + prng.real53(gen) * cursorMs)
  const nextEdit = leans.map(() => loadFrom + prng.real53(gen) * editMs)
  const end = p.startAt + p.durationMs
  while (nowMs() < loadFrom) await new Promise((r) => setTimeout(r, 5))
  const holds = watchHolds()
  let counting = false
  while (nowMs() < end) {
    const t = nowMs()
    if (!counting && t >= p.startAt) {
      traffic.received = 0
      traffic.sent = 0
      counting = true
    }
    leans.forEach((l, i) => {
      if (!l.ws.open) return
      if (t >= nextCursor[i]!) {
        nextCursor[i] = Math.max(nextCursor[i]! + cursorMs, t)
        l.ws.send(presence(l, { x: nowMs(), y: prng.uint32(gen, 0, 3000) }))
        traffic.sent++
      }
      if (t >= nextEdit[i]!) {
        nextEdit[i] = nextEdit[i]! + editMs
        const id = `cap${l.spec.key}s${l.seq++}z`
        const ups: Uint8Array[] = []
        const on = (u: Uint8Array) => ups.push(u)
        l.doc.on('update', on)
        const ts = nowMs()
        createAt(l.doc, gen, id, `p${l.spec.key}`, ts)
        l.doc.off('update', on)
        for (const u of ups) {
          traffic.sent++
          l.ws.send(
            message((e) => {
              encoding.writeVarUint(e, 0)
              encoding.writeVarUint(e, 2)
              encoding.writeVarUint8Array(e, u)
            }),
          )
        }
        if (ts >= p.startAt) sends.push([l.spec.board, id, ts])
      }
    })
    await new Promise((r) => setTimeout(r, 5))
  }
  const { received, sent: sentCount } = traffic
  const held = holds.stop(p.startAt)
  // The window's last edits and moves are let in (a bound, not a wait for a condition).
  const grace = nowMs() + 1000
  while (nowMs() < grace) await new Promise((r) => setTimeout(r, 20))
  const report = {
    sends,
    arrivals,
    cursorLatencies,
    closed: leans.filter((l) => !l.ws.open).length,
    received,
    sent: sentCount,
    longestStallMs: Math.max(0, ...held.stalls.map((x) => x[1])),
    stallMs: held.stalls.reduce((x, y) => x + y[1], 0),
    gcMs: held.gcs.reduce((x, y) => x + y[1], 0),
  }
  arrivals = []
  cursorLatencies = []
  return report
}

/** Close every lean client; returns how many there were. */
export function leanClose(): number {
  for (const l of leans) {
    l.ws.terminate()
    l.doc.destroy()
  }
  const n = leans.length
  leans.length = 0
  return n
}
