/**
 * Fuzzed y-websocket frames (pure, seeded): random bytes, truncated varints, oversized
 * messages, empty and invalid updates, bad sync and awareness messages, awareness floods
 * with many client ids, unknown message types, and a few valid messages among them; and two
 * known attacks: concurrent inserts at one position (quadratic for Yjs to integrate, [G5])
 * and a GC struct for a client id the board knows (a write no role check could place, [G2]).
 */
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'

export const FRAME_KINDS = [
  'randomBytes',
  'empty',
  'truncatedVarint',
  'truncatedLength',
  'unknownType',
  'badSyncType',
  'emptyUpdate',
  'garbageUpdate',
  'garbageStep2',
  'garbageStep1',
  'bitflipUpdate',
  'garbageAwareness',
  'awarenessBadJson',
  'awarenessFlood',
  'oversized',
  'validStep1',
  'validUpdate',
  'quadraticInsert',
  'foreignGc',
] as const
export type FrameKind = (typeof FRAME_KINDS)[number]

/** Relative frequency of each kind (oversized ones are costly, so rare). */
const WEIGHT: Record<FrameKind, number> = {
  randomBytes: 12,
  empty: 5,
  truncatedVarint: 8,
  truncatedLength: 8,
  unknownType: 6,
  badSyncType: 6,
  emptyUpdate: 6,
  garbageUpdate: 10,
  garbageStep2: 6,
  garbageStep1: 5,
  bitflipUpdate: 8,
  garbageAwareness: 6,
  awarenessBadJson: 4,
  awarenessFlood: 2,
  oversized: 0.05,
  validStep1: 4,
  validUpdate: 4,
  quadraticInsert: 1,
  foreignGc: 2,
}

/** What a frame may build on: the server's state vector from its sync step 1 (client → clock). */
export interface FrameContext {
  stateVector: ReadonlyMap<number, number>
}

const bytes = (parts: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  parts(e)
  return encoding.toUint8Array(e)
}

/** A small real update (one map entry), the base of bit flips and truncations. */
function realUpdate(gen: prng.PRNG): Uint8Array {
  const d = new Y.Doc()
  d.getMap(prng.word(gen, 1, 6)).set(prng.word(gen, 1, 6), prng.word(gen, 0, 12))
  const u = Y.encodeStateAsUpdate(d)
  d.destroy()
  return u
}

function awarenessUpdate(entries: { id: number; clock: number; state: string }[]): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, entries.length)
    for (const x of entries) {
      encoding.writeVarUint(e, x.id)
      encoding.writeVarUint(e, x.clock)
      encoding.writeVarString(e, x.state)
    }
  })
}

/** `n` characters typed backwards (each at the start) into a new note's text, one update. */
function typedBackwards(gen: prng.PRNG, n: number): Uint8Array {
  const d = new Y.Doc()
  d.clientID = prng.uint32(gen, 1, 2 ** 31)
  const note = new Y.Map<unknown>()
  d.getMap('notes').set(prng.word(gen, 4, 12), note)
  const text = new Y.Text()
  note.set('text', text)
  for (let i = 0; i < n; i++) text.insert(0, prng.word(gen, 1, 1))
  const u = Y.encodeStateAsUpdate(d)
  d.destroy()
  return u
}

/** A GC struct of `len` clocks for `client` from `clock`. */
function gcStruct(client: number, clock: number, len: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
    encoding.writeUint8(e, 0)
    encoding.writeVarUint(e, len)
    encoding.writeVarUint(e, 0)
  })
}

const syncUpdate = (update: Uint8Array) =>
  bytes((e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, update)
  })

/**
 * One frame of the given kind. `maxMessageBytes` sizes the oversized ones; `ctx` gives the
 * client ids the board knows (a foreign GC struct names one).
 */
export function frameOf(
  gen: prng.PRNG,
  kind: FrameKind,
  maxMessageBytes: number,
  ctx: FrameContext = { stateVector: new Map() },
): Uint8Array {
  switch (kind) {
    case 'quadraticInsert':
      return syncUpdate(typedBackwards(gen, prng.uint32(gen, 200, 3000)))
    case 'foreignGc': {
      const known = [...ctx.stateVector]
      const [client, clock] =
        known.length > 0 ? prng.oneOf(gen, known) : [prng.uint32(gen, 1, 2 ** 31), 0]
      return syncUpdate(gcStruct(client, clock, prng.uint32(gen, 1, 100)))
    }
    case 'randomBytes':
      return prng.uint8Array(gen, prng.uint32(gen, 1, 96))
    case 'empty':
      return new Uint8Array(0)
    case 'truncatedVarint':
      // A message type whose varint never ends (continuation bit set on every byte).
      return new Uint8Array(prng.uint32(gen, 1, 9)).fill(0x80 | prng.uint32(gen, 0, 0x7f))
    case 'truncatedLength':
      // A sync update that announces more bytes than follow.
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 2)
        encoding.writeVarUint(e, prng.uint32(gen, 10, 100_000))
        encoding.writeUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 0, 8)))
      })
    case 'unknownType':
      return bytes((e) => {
        encoding.writeVarUint(e, prng.uint32(gen, 4, 10_000))
        encoding.writeUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 0, 16)))
      })
    case 'badSyncType':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, prng.uint32(gen, 3, 300))
        encoding.writeVarUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 0, 16)))
      })
    case 'emptyUpdate':
      // A zero-length payload: it can loop Yjs, the server must reject it.
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, prng.bool(gen) ? 2 : 1)
        encoding.writeVarUint8Array(e, new Uint8Array(0))
      })
    case 'garbageUpdate':
    case 'garbageStep2':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, kind === 'garbageUpdate' ? 2 : 1)
        encoding.writeVarUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 1, 64)))
      })
    case 'garbageStep1':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 1, 32)))
      })
    case 'bitflipUpdate': {
      const u = realUpdate(gen)
      const i = prng.uint32(gen, 0, u.length - 1)
      u[i] = u[i]! ^ (1 << prng.uint32(gen, 0, 7))
      const cut = prng.bool(gen) ? u : u.slice(0, prng.uint32(gen, 1, u.length))
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 2)
        encoding.writeVarUint8Array(e, cut)
      })
    }
    case 'garbageAwareness':
      return bytes((e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint8Array(e, prng.uint8Array(gen, prng.uint32(gen, 1, 64)))
      })
    case 'awarenessBadJson':
      return bytes((e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint8Array(
          e,
          awarenessUpdate([{ id: prng.uint32(gen, 1, 2 ** 31), clock: 1, state: '{"user":' }]),
        )
      })
    case 'awarenessFlood': {
      const n = prng.uint32(gen, 100, 2000)
      const base = prng.uint32(gen, 1, 2 ** 30)
      const entries = Array.from({ length: n }, (_, i) => ({
        id: base + i,
        clock: 1,
        state: JSON.stringify({
          user: { id: `u${i}`, name: 'flood', city: 'x', color: '#000', role: 'participant' },
          cursor: { x: i, y: i },
        }),
      }))
      return bytes((e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint8Array(e, awarenessUpdate(entries))
      })
    }
    case 'oversized':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 2)
        encoding.writeVarUint8Array(e, new Uint8Array(maxMessageBytes + 1024))
      })
    case 'validStep1':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
      })
    case 'validUpdate':
      return bytes((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, 2)
        encoding.writeVarUint8Array(e, realUpdate(gen))
      })
  }
}

/** A weighted random kind. */
export function pickKind(gen: prng.PRNG): FrameKind {
  const total = FRAME_KINDS.reduce((a, k) => a + WEIGHT[k], 0)
  let x = prng.real53(gen) * total
  for (const k of FRAME_KINDS) {
    x -= WEIGHT[k]
    if (x < 0) return k
  }
  return 'randomBytes'
}
