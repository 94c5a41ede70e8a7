/** In-memory connections and message decoding, for tests of rooms without a network. */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE } from '../protocol/messages'
import type { Connection } from '../rooms/connection'

export interface FakeConnection extends Connection {
  sent: Uint8Array[]
  closed: { code: number; reason: string } | null
  /** Dropped without a closing handshake. */
  terminated: boolean
  /** Set to simulate a connection that cannot keep up. */
  buffered: number
  /** Called on every send (to check what storage holds at that moment). */
  onSend?: (data: Uint8Array) => void
}

export function fakeConnection(): FakeConnection {
  const c: FakeConnection = {
    sent: [],
    closed: null,
    terminated: false,
    buffered: 0,
    send(data) {
      if (c.closed || c.terminated) throw new Error('send after close')
      c.sent.push(data)
      c.onSend?.(data)
    },
    close(code, reason) {
      c.closed ??= { code, reason }
    },
    terminate() {
      c.terminated = true
    },
    bufferedAmount: () => c.buffered,
  }
  return c
}

export type Decoded =
  | { kind: 'sync'; type: number; payload: Uint8Array }
  | { kind: 'awareness'; entries: { id: number; clock: number; state: unknown }[] }
  | { kind: 'other'; type: number }

/** Decode a message the server sent. */
export function decodeMessage(data: Uint8Array): Decoded {
  const d = decoding.createDecoder(data)
  const type = decoding.readVarUint(d)
  if (type === MESSAGE.sync) {
    const sub = decoding.readVarUint(d)
    return { kind: 'sync', type: sub, payload: decoding.readVarUint8Array(d) }
  }
  if (type === MESSAGE.awareness) {
    const a = decoding.createDecoder(decoding.readVarUint8Array(d))
    const n = decoding.readVarUint(a)
    const entries = []
    for (let i = 0; i < n; i++) {
      entries.push({
        id: decoding.readVarUint(a),
        clock: decoding.readVarUint(a),
        state: JSON.parse(decoding.readVarString(a)),
      })
    }
    return { kind: 'awareness', entries }
  }
  return { kind: 'other', type }
}

/** An awareness message as a y-websocket client sends it. */
export function awarenessMessage(
  entries: { id: number; clock: number; state: unknown }[],
): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(inner, e.id)
    encoding.writeVarUint(inner, e.clock)
    encoding.writeVarString(inner, JSON.stringify(e.state))
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, MESSAGE.awareness)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** A silent pino-compatible logger for unit tests that build rooms by hand. */
export { silentLogger } from './logger'
