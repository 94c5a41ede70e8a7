/**
 * Where a scanned update's new items go [G3]: by their parent (a root name or a type item's
 * id) or, for items that carry neighbours instead, by the neighbour's parent, in the update or
 * in the document. Places of the document's types are cached for the types' lives.
 */

import {
  itemOfType,
  parentOf,
  rootNameOf,
  type SharedType,
  structAt,
  typeOfItem,
  typeRefOf,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import { CONTENT, type ScannedUpdate, TYPE_REF } from './scan'
import { childPlace, MAX_PLACE_DEPTH, rootPlace, type TypePlace } from './shape'

/** Where a new item goes: a parent type's place and key, or nowhere (Yjs collects it). */
export type Target =
  | { kind: 'place'; parent: TypePlace; sub: string | null; doc: SharedType | null }
  | { kind: 'gc' }
  | { kind: 'missing'; client: number; clock: number }
  | { kind: 'bad'; detail: string }

const GC: Target = { kind: 'gc' }

/**
 * Places of the documents' types. An item never changes parent, so a type's place holds for
 * the type's life; the cache goes with the type.
 */
const DOC_PLACES = new WeakMap<SharedType, TypePlace | string>()

/**
 * Resolves where items go: by their parent (a root name or a type item's id) or, for items
 * that carry neighbours instead, by the neighbour's parent, in the update or in the document.
 */
export class PlaceResolver {
  private readonly resolved: (Target | undefined)[]
  private itemPlaces: Map<number, TypePlace> | null = null
  private roots: Map<string, TypePlace> | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly scan: ScannedUpdate,
  ) {
    this.resolved = new Array(scan.items.length)
  }

  /** Index of the update's item holding clock `clock` of `client`, or -1. */
  indexInUpdate(client: number, clock: number): number {
    return this.inUpdate(client, clock)
  }

  private inUpdate(client: number, clock: number): number {
    for (const b of this.scan.blocks) {
      if (b.client !== client) continue
      let lo = b.firstItem
      let hi = b.firstItem + b.items - 1
      const items = this.scan.items
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        const start = items.clock(mid)
        if (clock < start) hi = mid - 1
        else if (clock >= start + items.len(mid)) lo = mid + 1
        else return mid
      }
      return -1
    }
    return -1
  }

  /**
   * Where item `index` goes. Iterative over chains of neighbours (a typed run refers to
   * itself); recursive only through parents, and no deeper than the format nests.
   */
  target(index: number, depth = 0): Target {
    const known = this.resolved[index]
    if (known) return known
    if (depth > MAX_PLACE_DEPTH + 1)
      return { kind: 'bad', detail: 'nesting deeper than the format' }
    let chain: number[] | null = null
    let cur = index
    let found: Target
    for (;;) {
      const k = this.resolved[cur]
      if (k) {
        found = k
        break
      }
      const step = this.direct(cur, depth)
      if (typeof step === 'number') {
        chain ??= []
        chain.push(cur)
        cur = step
        continue
      }
      found = step
      this.resolved[cur] = found
      break
    }
    if (chain) for (const c of chain) this.resolved[c] = found
    return found
  }

  /** An item's target from what it names, or the index of the update's item it shares it with. */
  private direct(i: number, depth: number): Target | number {
    const items = this.scan.items
    const root = items.root(i)
    if (root !== null) {
      const parent = this.rootPlaceOf(root)
      return { kind: 'place', parent, sub: items.sub(i), doc: this.doc.share.get(root) ?? null }
    }
    if (items.parentClient(i) >= 0) {
      return this.underTypeItem(items.parentClient(i), items.parentClock(i), items.sub(i), depth)
    }
    // Parent from the neighbours: the left one, else the right one (Item.getMissing); a
    // neighbour that is collected makes the item collected too.
    const oc = items.originClient(i)
    const ok = items.originClock(i)
    const rc = items.rightClient(i)
    const rk = items.rightClock(i)
    let neighbour = -1
    let docNeighbour: ReturnType<typeof structAt> = null
    if (oc >= 0) {
      const n = this.inUpdate(oc, ok)
      if (n >= 0) neighbour = n
      else {
        docNeighbour = structAt(this.doc, oc, ok)
        if (docNeighbour === null) return { kind: 'missing', client: oc, clock: ok }
        if (!('content' in docNeighbour)) return GC
      }
    }
    if (rc >= 0 && this.inUpdate(rc, rk) < 0) {
      const right = structAt(this.doc, rc, rk)
      if (right === null) return { kind: 'missing', client: rc, clock: rk }
      if (!('content' in right)) return GC
      if (oc < 0) docNeighbour = right
    } else if (rc >= 0 && oc < 0) {
      neighbour = this.inUpdate(rc, rk)
    }
    if (neighbour >= 0) return neighbour
    if (docNeighbour === null) return { kind: 'bad', detail: 'an item with no parent' }
    const p = parentOf(docNeighbour)
    if (!p) return GC
    const place = this.placeOfDocType(p.type)
    if (typeof place === 'string') return { kind: 'bad', detail: place }
    return { kind: 'place', parent: place, sub: p.sub, doc: p.type }
  }

  private rootPlaceOf(name: string): TypePlace {
    let p = this.roots?.get(name)
    if (!p) {
      const existing = this.doc.share.get(name)
      const cached = existing ? DOC_PLACES.get(existing) : undefined
      p =
        typeof cached === 'object'
          ? cached
          : rootPlace(name, existing ? typeRefOf(existing) : TYPE_REF.map)
      this.roots ??= new Map()
      this.roots.set(name, p)
      if (existing) DOC_PLACES.set(existing, p)
    }
    return p
  }

  /** Under the type held by item (client, clock), in the update or the document. */
  private underTypeItem(client: number, clock: number, sub: string | null, depth: number): Target {
    const inUpdate = this.inUpdate(client, clock)
    if (inUpdate >= 0) {
      const items = this.scan.items
      if (items.content(inUpdate) !== CONTENT.type)
        return { kind: 'bad', detail: 'a parent that is not a type' }
      const parentTarget = this.target(inUpdate, depth + 1)
      if (parentTarget.kind !== 'place') return parentTarget
      this.itemPlaces ??= new Map()
      let place = this.itemPlaces.get(inUpdate)
      if (!place) {
        place = childPlace(parentTarget.parent, parentTarget.sub, items.typeRef(inUpdate))
        this.itemPlaces.set(inUpdate, place)
      }
      return { kind: 'place', parent: place, sub, doc: null }
    }
    const s = structAt(this.doc, client, clock)
    if (s === null) return { kind: 'missing', client, clock }
    if (!('content' in s)) return GC
    const type = typeOfItem(s)
    if (!type) return { kind: 'bad', detail: 'a parent that is not a type' }
    const place = this.placeOfDocType(type)
    if (typeof place === 'string') return { kind: 'bad', detail: place }
    return { kind: 'place', parent: place, sub, doc: type }
  }

  /** The place of a type of the document, or why it has none in the format. */
  private placeOfDocType(type: SharedType): TypePlace | string {
    const cached = DOC_PLACES.get(type)
    if (cached !== undefined) return cached
    // Walk up to the root (a few levels in the format; a deeper legacy nest is refused).
    const path: { type: SharedType; sub: string | null }[] = []
    let t: SharedType = type
    for (;;) {
      const item = itemOfType(t)
      if (item === null) break
      const p = parentOf(item)
      if (!p) return 'a type inside a collected one'
      path.push({ type: t, sub: item.parentSub })
      if (path.length > MAX_PLACE_DEPTH + 2) {
        DOC_PLACES.set(type, 'nesting deeper than the format')
        return 'nesting deeper than the format'
      }
      t = p.type
    }
    const name = rootNameOf(this.doc, t)
    if (name === null) return 'a type outside the document'
    let place: TypePlace = this.rootPlaceOf(name)
    for (let i = path.length - 1; i >= 0; i--) {
      const step = path[i]!
      const known = DOC_PLACES.get(step.type)
      place = typeof known === 'object' ? known : childPlace(place, step.sub, typeRefOf(step.type))
      DOC_PLACES.set(step.type, place)
    }
    return place
  }
}
