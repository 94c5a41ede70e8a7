/**
 * The decision on a scanned update, before it touches the document [G1]–[G5]: what it writes
 * and where, against the board as it stands. Nothing here changes the document; the room
 * applies only what this lets through, so a refused update costs its reading and no more.
 *
 * In order: a replica of a retired epoch [F10.3]; new structs under a client id another person
 * writes under [F14.7]; structs of kinds the role check cannot
 * place (GC and Skip) for client ids the connection does not own (it owns those it wrote
 * before, and those it writes items for in this update) [G2]; the format's places [G3] and
 * caps [G4]; inserts that would make Yjs step over many concurrent items [G5]; and what the
 * update builds on that the server lacks (held until it arrives).
 *
 * It runs on every edit, so the usual one (a few items of one client) allocates little: no
 * per-item maps, places of the document's types cached for the types' lives.
 */
import { clientState, conflictSteps, ROOT, type SharedType, textLength } from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { CollectOwnership } from '../rooms/clientIds'
import { OutOfSyncUpdate } from '../rooms/errors'
import { PlaceResolver, type Target } from './places'
import { CONTENT, type ScannedUpdate } from './scan'
import { shapeProblem, type TypePlace } from './shape'

/** What one role may write in one message [G4]. */
export interface WriteCaps {
  /** Structs and deletions in one message. */
  maxStructs: number
  /** Notes created in one message. */
  maxNotes: number
  /** Characters (UTF-16 units) a note's text may reach through this writer. */
  maxTextUnits: number
  /** Encoded bytes of one value (a field, a setting, a format attribute). */
  maxValueBytes: number
}

export interface CheckContext {
  doc: Y.Doc
  caps: WriteCaps
  /** The client ids the connection owns: whose GC and Skip structs it may send [G2]. */
  owner: CollectOwnership
  /** Clients of the board's retired epochs [F10.3]. */
  retired: ReadonlySet<number>
  /** Existing items one insert may step over, and inserts at one position in one message [G5]. */
  maxConcurrentInserts: number
}

export type RefusalReason =
  | 'foreign-struct'
  | 'foreign-client'
  | 'shape'
  | 'text-cap'
  | 'note-cap'
  | 'value-cap'
  | 'concurrent-inserts'

export type Verdict =
  /** Nothing the document lacks. */
  | { kind: 'noop' }
  /** May be applied; `clients` are the ids whose structs it adds, `notes` the notes it creates. */
  | { kind: 'apply'; clients: number[]; notes: number }
  /** Refused whole, never applied. */
  | { kind: 'refuse'; reason: RefusalReason; detail: string }
  /** Builds on what the server lacks: hold it until each client's state passes `waits`' clock. */
  | { kind: 'hold'; waits: Map<number, number>; detail: string }
  /** Names a client of a retired epoch [F10.3]. */
  | { kind: 'stale' }

const refuse = (reason: RefusalReason, detail: string): Verdict => ({
  kind: 'refuse',
  reason,
  detail,
})

/** The blocks' first new clocks, looked up by client (an update has few blocks). */
class NewClocks {
  readonly clients: number[] = []
  readonly from: number[] = []

  add(client: number, clock: number): void {
    this.clients.push(client)
    this.from.push(clock)
  }

  /** True when clock `clock` of `client` is one the update adds. */
  has(client: number, clock: number): boolean {
    for (let i = 0; i < this.clients.length; i++) {
      if (this.clients[i] === client) return clock >= this.from[i]!
    }
    return false
  }
}

/**
 * Decide on `scan` against the document. Throws OutOfSyncUpdate for a struct that starts inside
 * a range the server holds and runs past it: integrated, its unknown tail would sit beside
 * whatever the server holds there.
 */
export function checkUpdate(scan: ScannedUpdate, ctx: CheckContext): Verdict {
  const { doc } = ctx
  let waits: Map<number, number> | null = null
  const wait = (client: number, clock: number) => {
    waits ??= new Map()
    const cur = waits.get(client)
    if (cur === undefined || clock > cur) waits.set(client, clock)
  }

  const fresh = new NewClocks()
  for (const b of scan.blocks) {
    if (ctx.retired.has(b.client)) return { kind: 'stale' }
    const state = clientState(doc, b.client)
    if (b.end <= state) continue
    if (b.clock > state) {
      wait(b.client, b.clock - 1)
      continue
    }
    if (b.clock < state && !startsAt(scan, b.client, state)) {
      throw new OutOfSyncUpdate(`struct overlaps the end of client ${b.client}'s known range`)
    }
    fresh.add(b.client, state)
  }

  // [F14.7] New clocks of a client id another person writes under are theirs alone.
  for (const c of fresh.clients) {
    if (ctx.owner.mayWrite(c)) continue
    // A device reconnecting without a credential, before its old connection was seen to
    // close: it retries with a fresh sync, by when its ids are free (F14.3 says it is someone
    // new; its notes named nobody or the author its first note named).
    if (ctx.owner.heldByConnection(c)) {
      throw new OutOfSyncUpdate(`client ${c} is another connection's until it leaves`)
    }
    return refuse('foreign-client', `writes under client ${c}`)
  }

  // [G2] Structs the role check cannot place belong to their writer's own client ids.
  const foreign = foreignStruct(scan, ctx, fresh, wait)
  if (foreign) return foreign

  // Deletions of what neither the document nor the update holds wait for it.
  for (const d of scan.deletes) {
    if (d.clock + d.len > knownEnd(scan, doc, d.client)) wait(d.client, d.clock + d.len - 1)
  }
  if (fresh.clients.length === 0) {
    if (waits) return { kind: 'hold', waits, detail: 'a gap before its structs' }
    return scan.deletes.length > 0 ? { kind: 'apply', clients: [], notes: 0 } : { kind: 'noop' }
  }

  // Where each new item goes [G3], with the value and note caps [G4] and the inserts at one
  // position [G5] on the way: a refusal comes as soon as it is known.
  let notes = 0
  const places = new PlaceResolver(doc, scan)
  const newItems: number[] = []
  const items = scan.items
  // A message with fewer items than the bound cannot pass it at one position.
  const slots = items.length > ctx.maxConcurrentInserts ? new SlotCounter(scan, places) : null
  for (let i = 0; i < items.length; i++) {
    if (!fresh.has(items.client(i), items.clock(i))) continue
    const content = items.content(i)
    if (content !== CONTENT.deleted && items.valueBytes(i) > ctx.caps.maxValueBytes) {
      return refuse('value-cap', `a value of ${items.valueBytes(i)} bytes`)
    }
    newItems.push(i)
    const t = places.target(i)
    if (t.kind === 'missing') wait(t.client, t.clock)
    else if (t.kind === 'bad') return refuse('shape', t.detail)
    else if (t.kind === 'place') {
      const problem = shapeProblem(t.parent, t.sub, content, items.typeRef(i))
      if (problem) return refuse('shape', problem)
      if (t.parent.depth === 0 && t.parent.root === ROOT.notes && content === CONTENT.type) {
        if (++notes > ctx.caps.maxNotes) {
          return refuse('note-cap', `over ${ctx.caps.maxNotes} notes in one message`)
        }
      }
      if (slots && slots.add(i, t) > ctx.maxConcurrentInserts) {
        return refuse('concurrent-inserts', 'too many inserts at one position in one message')
      }
    }
  }
  if (waits) return { kind: 'hold', waits, detail: 'builds on structs the server lacks' }

  // [G4] the text cap; [G5] inserts among concurrent ones already on the board.
  let texts: Map<TypePlace, { units: number; doc: SharedType | null }> | null = null
  for (const i of newItems) {
    const t = places.target(i)
    if (t.kind !== 'place') continue
    if (items.content(i) === CONTENT.string) {
      texts ??= new Map()
      const g = texts.get(t.parent) ?? { units: 0, doc: t.doc }
      g.units += items.len(i)
      texts.set(t.parent, g)
      if (g.units > ctx.caps.maxTextUnits)
        return refuse('text-cap', `over ${ctx.caps.maxTextUnits} characters in a text`)
    }
    // Against the board as it stands, for inserts between neighbours it already holds (one that
    // builds on the update's own items follows the first of its run, checked here).
    const oc = items.originClient(i)
    const ok = items.originClock(i)
    const rc = items.rightClient(i)
    const rk = items.rightClock(i)
    if (
      t.doc &&
      (oc < 0 || !fresh.has(oc, ok)) &&
      (rc < 0 || !fresh.has(rc, rk)) &&
      conflictSteps(doc, t.doc, t.sub, oc, ok, rc, rk, ctx.maxConcurrentInserts) >
        ctx.maxConcurrentInserts
    ) {
      return refuse('concurrent-inserts', 'an insert beside too many concurrent ones')
    }
  }
  if (texts) {
    for (const g of texts.values()) {
      const total = g.units + (g.doc ? textLength(g.doc) : 0)
      if (total > ctx.caps.maxTextUnits) return refuse('text-cap', `a text of ${total} characters`)
    }
  }
  return { kind: 'apply', clients: fresh.clients, notes }
}

/**
 * Counts the update's new items by the position they are inserted at: their origin, or the
 * start of their parent (under their key). A run typed in one go has an item per origin, so the
 * usual count lives in an array by the origin's index in the update, without a key per item.
 */
class SlotCounter {
  private readonly atItemEnd: Uint16Array
  private readonly byKey = new Map<string, number>()

  constructor(
    private readonly scan: ScannedUpdate,
    private readonly places: PlaceResolver,
  ) {
    this.atItemEnd = new Uint16Array(scan.items.length)
  }

  /** Count item `i` at its position; returns how many items are there now. */
  add(i: number, t: Target & { kind: 'place' }): number {
    const items = this.scan.items
    const oc = items.originClient(i)
    const ok = items.originClock(i)
    if (oc >= 0) {
      const o = this.places.indexInUpdate(oc, ok)
      if (o >= 0) {
        if (ok === items.clock(o) + items.len(o) - 1) {
          const n = this.atItemEnd[o]! + 1
          this.atItemEnd[o] = Math.min(n, 0xffff)
          return n
        }
      }
    }
    const key = oc >= 0 ? `o${oc}:${ok}` : `p${t.parent.id}:${t.sub ?? ''}`
    const n = (this.byKey.get(key) ?? 0) + 1
    this.byKey.set(key, n)
    return n
  }
}

/** [G2] A GC or Skip struct with new clocks of a client id the connection does not own. */
function foreignStruct(
  scan: ScannedUpdate,
  ctx: CheckContext,
  fresh: NewClocks,
  wait: (client: number, clock: number) => void,
): Verdict | null {
  for (const list of scan.gcs.length + scan.skips.length > 0 ? [scan.gcs, scan.skips] : []) {
    for (const g of list) {
      if (!fresh.has(g.client, g.clock + g.len - 1)) continue
      const boardKnows = clientState(ctx.doc, g.client) !== 0
      if (
        !ctx.owner.mayCollect(g.client, { boardKnows, itemsInUpdate: writesItems(scan, g.client) })
      ) {
        const kind = list === scan.gcs ? 'GC' : 'Skip'
        return refuse('foreign-struct', `a ${kind} struct for client ${g.client}`)
      }
      // A Skip leaves a gap: what follows it waits for the skipped clocks.
      if (list === scan.skips) wait(g.client, g.clock + g.len - 1)
    }
  }
  return null
}

/** True when the update writes items of `client` too (the role check places those). */
function writesItems(scan: ScannedUpdate, client: number): boolean {
  for (const b of scan.blocks) if (b.client === client) return b.items > 0
  return false
}

/** The clock `client` reaches with the update applied (the document's, or its block's end). */
function knownEnd(scan: ScannedUpdate, doc: Y.Doc, client: number): number {
  const state = clientState(doc, client)
  for (const b of scan.blocks) {
    if (b.client === client && b.clock <= state) return Math.max(state, b.end)
  }
  return state
}

/** True when one of `client`'s structs in the update starts exactly at `clock`. */
function startsAt(scan: ScannedUpdate, client: number, clock: number): boolean {
  const items = scan.items
  for (let i = 0; i < items.length; i++) {
    if (items.client(i) === client && items.clock(i) === clock) return true
  }
  for (const g of scan.gcs) if (g.client === client && g.clock === clock) return true
  for (const g of scan.skips) if (g.client === client && g.clock === clock) return true
  return false
}
