/**
 * The struct store as the server's guard reads it before an update is applied: structs by
 * client and clock, items' neighbours and parents, and Yjs's conflict scan walked without
 * changing anything. Read-only: nothing here changes the document or splits a struct. With
 * `internals.ts`, every reach into Yjs beyond its documented API; `structs.test.ts` checks these
 * on real documents, and `internals.test.ts` pins the Yjs version. The internals used:
 * `doc.store.clients`, `Y.findIndexSS`, `Item.parent`, `parentSub`, `origin`, `right` and `left`,
 * `AbstractType._item`, `_start`, `_map` and `_length`.
 */
import * as Y from 'yjs'

/** Any shared type of a document (a root, a nested map, a text). */
export type SharedType = ReturnType<Y.Doc['get']>

/** A struct of the document: an Item, or a GC struct (collected content). */
export type StoredStruct = Y.Item | Y.GC

/** The document's clock for `client` (how many of its clocks it holds). */
export function clientState(doc: Y.Doc, client: number): number {
  return Y.getState(doc.store, client)
}

/** The struct holding clock `clock` of `client`, or null when the document lacks it. */
export function structAt(doc: Y.Doc, client: number, clock: number): StoredStruct | null {
  const structs = doc.store.clients.get(client)
  if (!structs || structs.length === 0) return null
  const last = structs[structs.length - 1]!
  if (clock >= last.id.clock + last.length) return null
  return structs[Y.findIndexSS(structs, clock)] ?? null
}

/** The shared type an item holds (a nested map or text), or null for other content. */
export function typeOfItem(s: StoredStruct): SharedType | null {
  return s instanceof Y.Item && s.content instanceof Y.ContentType ? s.content.type : null
}

/** An item's parent type and key, as integrated. Null for a GC struct or an unplaced item. */
export function parentOf(s: StoredStruct): { type: SharedType; sub: string | null } | null {
  if (!(s instanceof Y.Item)) return null
  const parent: unknown = s.parent
  return parent instanceof Y.AbstractType ? { type: parent, sub: s.parentSub } : null
}

/** The item holding a type, or null for a root type. */
export function itemOfType(type: SharedType): Y.Item | null {
  return type._item
}

/** The root name of a root type of `doc`, or null. */
export function rootNameOf(doc: Y.Doc, type: SharedType): string | null {
  for (const [name, t] of doc.share) if (t === type) return name
  return null
}

/** Which kind of shared type (Yjs's type refs: 0 array, 1 map, 2 text, 3+ XML). */
export function typeRefOf(type: SharedType): number {
  if (type instanceof Y.Map) return 1
  if (type instanceof Y.Text) return 2
  if (type instanceof Y.Array) return 0
  if (type instanceof Y.XmlElement) return 3
  if (type instanceof Y.XmlFragment) return 4
  if (type instanceof Y.XmlHook) return 5
  // A root read from an update before any typed getter asked for it is a bare AbstractType;
  // the format's roots are maps.
  return type._item === null ? 1 : 6
}

/** Characters (UTF-16 units) a text shows now. */
export function textLength(type: SharedType): number {
  return type._length
}

const contains = (s: StoredStruct, client: number, clock: number) =>
  s.id.client === client && s.id.clock <= clock && clock < s.id.clock + s.length

/**
 * How many existing items Yjs would step over to place a new item between `origin` and
 * `rightOrigin` (ids as client/clock, -1 for none) in `type` under `sub`: its conflict scan
 * (Item.integrate), walked without changing anything, stopping past `limit`. A usual insert
 * steps over none; concurrent inserts at one position step over each other, which is what makes
 * many of them quadratic. Returns `limit + 1` when the walk would go further.
 */
export function conflictSteps(
  doc: Y.Doc,
  type: SharedType,
  sub: string | null,
  originClient: number,
  originClock: number,
  rightClient: number,
  rightClock: number,
  limit: number,
): number {
  let o: StoredStruct | null
  // Allocated only when the walk goes past the first candidate (a usual insert never does).
  let scanned: Set<StoredStruct> | null = null
  let steps = 0
  if (originClient >= 0) {
    const left = structAt(doc, originClient, originClock)
    if (!(left instanceof Y.Item)) return 0
    if (originClock < left.id.clock + left.length - 1) {
      // Yjs splits the left neighbour after the origin: its tail, whose origin is this origin,
      // is the first candidate.
      if (rightClient === originClient && rightClock === originClock + 1) return 0
      steps = 1
      scanned = new Set([left])
    }
    o = left.right
  } else if (sub !== null) {
    o = type._map.get(sub) ?? null
    let back = 0
    while (o instanceof Y.Item && o.left !== null) {
      o = o.left
      if (++back > limit) return limit + 1
    }
  } else {
    o = type._start
  }
  while (o !== null && !(rightClient >= 0 && contains(o, rightClient, rightClock))) {
    if (++steps > limit) return limit + 1
    scanned ??= new Set()
    scanned.add(o)
    const oo = o.origin
    const same =
      oo === null ? originClient < 0 : oo.client === originClient && oo.clock === originClock
    if (!same) {
      const before = oo === null ? null : structAt(doc, oo.client, oo.clock)
      if (before === null || !scanned.has(before)) break
    }
    o = o.right
  }
  return steps
}
