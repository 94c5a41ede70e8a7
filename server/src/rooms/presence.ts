/**
 * The room's server-side awareness (y-protocols awareness wire format), kept as raw JSON bytes.
 *
 * Why not y-protocols' Awareness class: a y-websocket 3.1 client re-sends every awareness update
 * it applies, other people's too, so in a room of M people each cursor move comes back M−1
 * times. Those echoes carry a clock the server already has; this store skips them after reading
 * two varints, without decoding or parsing their JSON. Only entries whose clock advances are
 * parsed (to refuse invalid JSON), stored, and marked for the next coalesced broadcast.
 * The clock rules are y-protocols' own (`applyAwarenessUpdate`), with bounds [G9]: a state is
 * removed (null) only by the connection that announced it, a live state is taken over only by
 * another connection of the same person [F14.5], a removed entry is forgotten after
 * `outdatedMs`, a room keeps at most `maxPresenceEntries`, and each connection's changes are
 * charged to its presence budgets (what is over is dropped, not relayed).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { ClientIds } from './clientIds'
import { MalformedMessage } from './errors'
import { type Stamp, stampPresence } from './stamp'

export interface PresenceLimits {
  /** Client ids one connection may control (a tab has one; a few for reconnect overlaps). */
  maxClientsPerConnection: number
  /** Bytes of one entry's JSON state. */
  maxEntryBytes: number
  /** A state not renewed for this long is removed (y-protocols: 30 s; clients renew every 15 s). */
  outdatedMs: number
  /** Entries one room keeps, removed ones included. */
  maxPresenceEntries: number
}

/** What a connection's change may cost: true when its budgets take `bytes` more. */
export type PresenceCharge = (bytes: number) => boolean

interface Entry {
  clock: number
  /** JSON bytes of the state; null once removed (the clock is kept, as y-protocols does). */
  state: Uint8Array | null
  updatedAt: number
  /** The ids of the connection that announced the live state (null once removed). */
  owner: ClientIds | null
}

export interface ApplyResult {
  /** Entries whose clock advanced (stored and queued for broadcast). */
  changed: number
  /** Entries refused: over a cap (ids per connection, entry size, entries per room). */
  dropped: number
  /** Entries refused because the connection's presence budget was spent. */
  throttled: number
  /** Removals of entries the connection did not announce, or another person's live state, ignored. */
  foreign: number
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
  private readonly dirty = new Set<number>()
  /**
   * The connection whose own states are all that changed since the last broadcast, or null when
   * changes came from several or from the server (removals, timeouts).
   */
  private dirtyFrom: ClientIds | null = null

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

  /** The JSON state of a client id, parsed (tests and diagnostics). */
  stateOf(clientId: number): unknown {
    const s = this.entries.get(clientId)?.state
    return s ? JSON.parse(utf8.decode(s)) : null
  }

  /**
   * Apply an awareness update sent by the connection whose ids are `owner`, each new state
   * charged to `charge` and its `user` written by the server as `who` [P2.4]. Throws
   * MalformedMessage when the bytes cannot be decoded or a new state is not JSON; nothing of
   * such a message is applied.
   */
  apply(
    update: Uint8Array,
    owner: ClientIds,
    now: number,
    charge?: PresenceCharge,
    who?: Stamp,
  ): ApplyResult {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    // Decode and check everything first, so a bad entry leaves no half-applied message.
    const accepted: { id: number; clock: number; state: Uint8Array | null }[] = []
    const result: ApplyResult = { changed: 0, dropped: 0, throttled: 0, foreign: 0 }
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
      if (isNull) {
        // Only the connection that announced a state removes it: a removal for an id nobody
        // announced, or somebody else's, would be kept and relayed for nothing.
        if (!owner.mayRemovePresence(id)) {
          result.foreign++
          continue
        }
        accepted.push({ id, clock, state: null })
        continue
      }
      if (json.length > this.limits.maxEntryBytes) {
        result.dropped++
        continue
      }
      let state: unknown
      try {
        state = JSON.parse(utf8.decode(json))
      } catch {
        throw new MalformedMessage('awareness state is not JSON')
      }
      // A live state is its announcer's: another person's connection does not take it over [F14.5].
      if (cur?.state && cur.owner && !owner.samePersonAs(cur.owner)) {
        result.foreign++
        continue
      }
      if (who) json = stampPresence(state, who) ?? json
      const fresh = !owner.mayRemovePresence(id)
      if (fresh && owner.presenceIds.size + newIds >= this.limits.maxClientsPerConnection) {
        result.dropped++
        continue
      }
      if (!cur && this.entries.size + newIds >= this.limits.maxPresenceEntries) {
        result.dropped++
        continue
      }
      if (charge && !charge(json.length)) {
        result.throttled++
        continue
      }
      if (fresh) newIds++
      accepted.push({ id, clock, state: json.slice() })
    }
    if (d.pos !== d.arr.length) throw new MalformedMessage('trailing bytes after awareness')
    for (const a of accepted) this.set(a.id, a.clock, a.state, owner, now)
    result.changed = accepted.length
    return result
  }

  private set(id: number, clock: number, state: Uint8Array | null, owner: ClientIds, now: number) {
    const cur = this.entries.get(id)
    if (state === null) {
      owner.unannounce(id)
      this.entries.set(id, { clock, state: null, updatedAt: now, owner: null })
    } else {
      if (cur?.owner && cur.owner !== owner) cur.owner.unannounce(id)
      owner.announce(id)
      this.entries.set(id, { clock, state, updatedAt: now, owner })
    }
    this.markDirty(id, owner)
  }

  private markDirty(id: number, from: ClientIds | null): void {
    if (this.dirty.size === 0) this.dirtyFrom = from
    else if (this.dirtyFrom !== from) this.dirtyFrom = null
    this.dirty.add(id)
  }

  /** Remove every state `owner` controls (its connection closed); returns how many. */
  removeOwner(owner: ClientIds, now: number): number {
    let n = 0
    for (const id of owner.takePresenceIds()) {
      const e = this.entries.get(id)
      if (e?.state && e.owner === owner) {
        e.state = null
        e.owner = null
        e.updatedAt = now
        this.markDirty(id, null)
        n++
      }
    }
    return n
  }

  /**
   * Remove states not renewed within `outdatedMs` (returns how many), and forget removed
   * entries older than that (y-protocols keeps their clocks so a late echo of the old state
   * is not taken for a new one; after the timeout no such echo is in flight).
   */
  sweep(now: number): number {
    let n = 0
    for (const [id, e] of this.entries) {
      if (now - e.updatedAt < this.limits.outdatedMs) continue
      if (e.state) {
        e.owner?.unannounce(id)
        e.state = null
        e.owner = null
        e.updatedAt = now
        this.markDirty(id, null)
        n++
      } else if (!this.dirty.has(id)) {
        this.entries.delete(id)
      }
    }
    return n
  }

  /** Entries kept, removed ones included. */
  get entryCount(): number {
    return this.entries.size
  }

  /**
   * The awareness update of everything changed since the last call (null when nothing), and
   * the connection whose own states it holds alone (null: several, or the server's changes).
   */
  takeDirty(): { update: Uint8Array; from: ClientIds | null } | null {
    if (this.dirty.size === 0) return null
    const update = this.encode(this.dirty)
    const from = this.dirtyFrom
    this.dirty.clear()
    this.dirtyFrom = null
    return { update, from }
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
