/**
 * The room's server-side awareness (y-protocols awareness wire format), kept as raw JSON bytes.
 *
 * Why not y-protocols' Awareness class: a y-websocket 3.1 client re-sends every awareness update
 * it applies, other people's too, so in a room of M people each cursor move comes back M−1
 * times. Those echoes carry a clock the server already has; this store skips them after reading
 * two varints, without decoding or parsing their JSON. Only entries whose clock advances are
 * parsed (to refuse invalid JSON), stored, and marked for the next coalesced broadcast.
 * The clock rules are y-protocols' own (`applyAwarenessUpdate`).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MalformedMessage } from './errors'
import { type Stamp, stampPresence } from './stamp'

export interface PresenceLimits {
  /** Client ids one connection may control (a tab has one; a few for reconnect overlaps). */
  maxClientsPerConnection: number
  /** Bytes of one entry's JSON state. */
  maxEntryBytes: number
  /** A state not renewed for this long is removed (y-protocols: 30 s; clients renew every 15 s). */
  outdatedMs: number
}

interface Entry {
  clock: number
  /** JSON bytes of the state; null once removed (the clock is kept, as y-protocols does). */
  state: Uint8Array | null
  updatedAt: number
  owner: object | null
}

export interface ApplyResult {
  /** Entries whose clock advanced (stored and queued for broadcast). */
  changed: number
  /** Entries refused: over the per-connection id cap or the entry size cap. */
  dropped: number
}

const NULL_JSON = Uint8Array.from([0x6e, 0x75, 0x6c, 0x6c]) // "null"
const isNullJson = (b: Uint8Array) =>
  b.length === 4 && b[0] === 0x6e && b[1] === 0x75 && b[2] === 0x6c && b[3] === 0x6c
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Read a length-prefixed byte array, refusing a length that runs past the message. */
export function readBytes(d: decoding.Decoder): Uint8Array {
  const len = decoding.readVarUint(d)
  if (len > d.arr.length - d.pos) throw new MalformedMessage('length runs past the message')
  const view = d.arr.subarray(d.pos, d.pos + len)
  d.pos += len
  return view
}

export class Presence {
  private readonly entries = new Map<number, Entry>()
  private readonly owned = new Map<object, Set<number>>()
  private readonly dirty = new Set<number>()

  constructor(private readonly limits: PresenceLimits) {}

  /** Live states (not removed). */
  get size(): number {
    let n = 0
    for (const e of this.entries.values()) if (e.state) n++
    return n
  }

  /** True when changes wait for the next broadcast. */
  get hasDirty(): boolean {
    return this.dirty.size > 0
  }

  /** Client ids `owner` controls. */
  ownedBy(owner: object): ReadonlySet<number> {
    return this.owned.get(owner) ?? new Set()
  }

  /** The JSON state of a client id, parsed (tests and diagnostics). */
  stateOf(clientId: number): unknown {
    const s = this.entries.get(clientId)?.state
    return s ? JSON.parse(utf8.decode(s)) : null
  }

  /**
   * Apply an awareness update sent by `owner`. Throws MalformedMessage when the bytes cannot be
   * decoded or a new state is not JSON; nothing of such a message is applied.
   */
  apply(update: Uint8Array, owner: object, now: number, who?: Stamp): ApplyResult {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    // Decode and check everything first, so a bad entry leaves no half-applied message.
    const accepted: { id: number; clock: number; state: Uint8Array | null }[] = []
    let dropped = 0
    const mine = this.owned.get(owner)
    let newIds = 0
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      let json = readBytes(d)
      const cur = this.entries.get(id)
      const curClock = cur ? cur.clock : 0
      const isNull = isNullJson(json)
      const advances =
        curClock < clock ||
        (curClock === clock && isNull && cur !== undefined && cur.state !== null)
      if (!advances) continue
      if (json.length > this.limits.maxEntryBytes) {
        dropped++
        continue
      }
      if (!isNull) {
        let state: unknown
        try {
          state = JSON.parse(utf8.decode(json))
        } catch {
          throw new MalformedMessage('awareness state is not JSON')
        }
        // A live state belongs to the connection that announced it: nobody else takes it over [F13.5].
        if (cur?.state && cur.owner !== null && cur.owner !== owner) {
          dropped++
          continue
        }
        // Who the state says it is comes from the server [P2.4].
        if (who) json = stampPresence(state, who) ?? json
        if (!mine?.has(id) && (mine?.size ?? 0) + newIds >= this.limits.maxClientsPerConnection) {
          dropped++
          continue
        }
        if (!mine?.has(id)) newIds++
      }
      accepted.push({ id, clock, state: isNull ? null : json.slice() })
    }
    if (d.pos !== d.arr.length) throw new MalformedMessage('trailing bytes after awareness')
    for (const a of accepted) this.set(a.id, a.clock, a.state, owner, now)
    return { changed: accepted.length, dropped }
  }

  private set(id: number, clock: number, state: Uint8Array | null, owner: object, now: number) {
    const cur = this.entries.get(id)
    if (state === null) {
      // Anyone may mark a client gone at its current clock (y-protocols does the same).
      if (cur?.owner) this.owned.get(cur.owner)?.delete(id)
      this.entries.set(id, { clock, state: null, updatedAt: now, owner: null })
    } else {
      if (cur?.owner && cur.owner !== owner) this.owned.get(cur.owner)?.delete(id)
      let set = this.owned.get(owner)
      if (!set) {
        set = new Set()
        this.owned.set(owner, set)
      }
      set.add(id)
      this.entries.set(id, { clock, state, updatedAt: now, owner })
    }
    this.dirty.add(id)
  }

  /** Remove every state `owner` controls (its connection closed); returns how many. */
  removeOwner(owner: object): number {
    const ids = this.owned.get(owner)
    this.owned.delete(owner)
    if (!ids) return 0
    let n = 0
    for (const id of ids) {
      const e = this.entries.get(id)
      if (e?.state && e.owner === owner) {
        e.state = null
        e.owner = null
        this.dirty.add(id)
        n++
      }
    }
    return n
  }

  /** Remove states not renewed within `outdatedMs`; returns how many. */
  sweep(now: number): number {
    let n = 0
    for (const [id, e] of this.entries) {
      if (e.state && now - e.updatedAt >= this.limits.outdatedMs) {
        if (e.owner) this.owned.get(e.owner)?.delete(id)
        e.state = null
        e.owner = null
        this.dirty.add(id)
        n++
      }
    }
    return n
  }

  /** The awareness update of everything changed since the last call (null when nothing). */
  takeDirty(): Uint8Array | null {
    if (this.dirty.size === 0) return null
    const out = this.encode(this.dirty)
    this.dirty.clear()
    return out
  }

  /** The awareness update of every live state, for a connection that just joined. */
  encodeAll(): Uint8Array | null {
    const ids: number[] = []
    for (const [id, e] of this.entries) if (e.state) ids.push(id)
    return ids.length > 0 ? this.encode(ids) : null
  }

  private encode(ids: Iterable<number>): Uint8Array {
    const enc = encoding.createEncoder()
    const list = [...ids]
    encoding.writeVarUint(enc, list.length)
    for (const id of list) {
      const e = this.entries.get(id)!
      encoding.writeVarUint(enc, id)
      encoding.writeVarUint(enc, e.clock)
      encoding.writeVarUint8Array(enc, e.state ?? NULL_JSON)
    }
    return encoding.toUint8Array(enc)
  }
}
