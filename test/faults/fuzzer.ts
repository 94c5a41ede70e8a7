/**
 * Drives fuzzed frames over raw `ws` connections with a valid token. After each frame it sends
 * a sync step 1 as a barrier and waits for the server's step 2 (the frame was taken and the
 * connection kept) or for the close (counted by code); a closed connection is replaced.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type * as prng from 'lib0/prng'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { type FrameContext, type FrameKind, frameOf, pickKind } from './frames'

export interface FuzzTally {
  sent: number
  byKind: Partial<Record<FrameKind, number>>
  /** Close codes the server sent, by code. */
  closes: Record<number, number>
  /** Frames after which the connection stayed open (barrier answered). */
  kept: number
  connections: number
}

export const newTally = (): FuzzTally => ({
  sent: 0,
  byKind: {},
  closes: {},
  kept: 0,
  connections: 0,
})

const BARRIER = (() => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
  return encoding.toUint8Array(e)
})()

/** The state vector of a sync step 1 message, or null for anything else. */
function step1StateVector(data: Uint8Array): Map<number, number> | null {
  try {
    const d = decoding.createDecoder(data)
    if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 0) return null
    return Y.decodeStateVector(decoding.readVarUint8Array(d))
  } catch {
    return null
  }
}

/** True for a sync step 2 message (the answer to a step 1). */
function isStep2(data: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(data)
    return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1
  } catch {
    return false
  }
}

interface Conn {
  ws: WebSocket
  step2: number
  /** The server's state vector, from its sync step 1 (for frames that name known clients). */
  ctx: FrameContext
  closed: Promise<number>
  isOpen: () => boolean
}

async function open(url: string, tally: FuzzTally, timeoutMs: number): Promise<Conn> {
  const ws = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 })
  tally.connections++
  const conn: Conn = {
    ws,
    step2: 0,
    ctx: { stateVector: new Map() },
    closed: new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))),
    isOpen: () => ws.readyState === WebSocket.OPEN,
  }
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data)
    if (isStep2(bytes)) conn.step2++
    const sv = step1StateVector(bytes)
    if (sv) conn.ctx = { stateVector: sv }
  })
  ws.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fuzz connection did not open')), timeoutMs)
    ws.once('open', () => {
      clearTimeout(timer)
      resolve()
    })
    ws.once('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`fuzz connection closed before opening (${code})`))
    })
  })
  return conn
}

/** Wait for `n` step 2 answers in total on `c`, or its close; returns the close code or null. */
function settle(c: Conn, n: number, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`no answer and no close within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = () => {
      if (c.step2 >= n) {
        cleanup()
        resolve(null)
      }
    }
    const cleanup = () => {
      clearTimeout(timer)
      c.ws.off('message', onMessage)
    }
    c.ws.on('message', onMessage)
    c.closed.then((code) => {
      cleanup()
      resolve(code)
    })
    onMessage()
  })
}

/**
 * Send `count` frames from one seeded stream to `url`, one at a time with a barrier after
 * each; reconnect whenever the server closes. Returns when all were sent.
 */
export async function fuzzStream(
  url: string,
  gen: prng.PRNG,
  count: number,
  tally: FuzzTally,
  maxMessageBytes: number,
  timeoutMs = 10_000,
): Promise<void> {
  let c: Conn | null = null
  for (let i = 0; i < count; i++) {
    if (!c?.isOpen()) c = await open(url, tally, timeoutMs)
    const kind = pickKind(gen)
    const frame = frameOf(gen, kind, maxMessageBytes, c.ctx)
    // The barrier's answer count includes answers to valid step 1 frames: wait for all.
    const expected = c.step2 + 1 + (kind === 'validStep1' ? 1 : 0)
    c.ws.send(frame)
    c.ws.send(BARRIER)
    tally.sent++
    tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1
    const code = await settle(c, expected, timeoutMs)
    if (code === null) tally.kept++
    else {
      tally.closes[code] = (tally.closes[code] ?? 0) + 1
      c = null
    }
  }
  if (c?.isOpen()) {
    c.ws.close()
    await c.closed
  }
}
