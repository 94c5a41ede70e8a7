/**
 * Every reach into Yjs beyond its documented API is in this folder: this module and
 * `structs.ts` (the server guard's reads of the struct store). Here: walks over the document's
 * struct store by clock range (what a transaction or an undo step inserted and deleted), and
 * the way up from an item or a nested type to the root entry holding it. Written against yjs
 * 13.6.33; `internals.test.ts` pins that version, so an upgrade is checked here first.
 * The internals used: `doc.store.clients`, `Y.findIndexSS`, `Item.parent`, `parentSub` and
 * `keep`, `AbstractType._item`, `YMap._map`.
 */
import * as Y from 'yjs'

/** Clock ranges per client, as a delete set holds them (client → [clock, len][]). */
export type ClockRanges = Iterable<[number, Iterable<{ clock: number; len: number }>]>

/** Call `f` with every Item overlapping the clock ranges, and the part of it they cover. */
export function forEachItemIn(
  doc: Y.Doc,
  ranges: ClockRanges,
  f: (item: Y.Item, clock: number, len: number) => void,
): void {
  for (const [client, list] of ranges) {
    const structs = doc.store.clients.get(client)
    if (!structs || structs.length === 0) continue
    for (const { clock, len } of list) {
      const end = clock + len
      const last = structs[structs.length - 1]!
      if (clock >= last.id.clock + last.length) continue
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i]!
        if (s.id.clock >= end) break
        if (s instanceof Y.Item) {
          const from = Math.max(clock, s.id.clock)
          const to = Math.min(end, s.id.clock + s.length)
          f(s, from, to - from)
        }
      }
    }
  }
}

/** Deeper than any board nests (a note's text is two levels down): a guard, not a limit. */
const MAX_DEPTH = 10_000

/**
 * The key of the entry of `root` (a root map) that holds `item`, at any depth; null for an
 * item elsewhere.
 */
export function entryKeyOfItem(item: Y.Item, root: object): string | null {
  let it: Y.Item | null = item
  for (let depth = 0; it && depth < MAX_DEPTH; depth++) {
    if (it.parent === root) return it.parentSub
    const parent: unknown = it.parent
    it = parent instanceof Y.AbstractType ? parent._item : null
  }
  return null
}

/** Where an item sits: its root type, the key of the root's entry, and the key inside it. */
export interface ItemPlace {
  root: Y.AbstractType<unknown>
  key: string | null
  /** The key directly inside the entry (a note field, a voter id); null for the entry itself. */
  field: string | null
}

/** Where `item` sits in its document; null for an item with no parent type. */
export function placeOfItem(item: Y.Item): ItemPlace | null {
  let it: Y.Item = item
  let child: Y.Item | null = null
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent: unknown = it.parent
    if (!(parent instanceof Y.AbstractType)) return null
    if (parent._item === null) {
      return { root: parent, key: it.parentSub, field: child?.parentSub ?? null }
    }
    child = it
    it = parent._item
  }
  return null
}

/**
 * The type that holds `type` and its key there (null in an array); null for a root type, or a
 * type not in a document yet.
 */
export function holderOf<T>(
  type: Y.AbstractType<T>,
): { parent: Y.AbstractType<unknown>; key: string | null } | null {
  const item = type._item
  const parent: unknown = item?.parent
  return item && parent instanceof Y.AbstractType ? { parent, key: item.parentSub } : null
}

/**
 * Undo Yjs's `keepItem(item, true)` (an undo manager's hold on what it may restore): the item
 * and the parents kept with it may be garbage collected again.
 */
export function releaseKept(item: Y.Item): void {
  let it: Y.Item | null = item
  while (it?.keep) {
    it.keep = false
    const parent: unknown = it.parent
    it = parent instanceof Y.AbstractType ? parent._item : null
  }
}

/**
 * The root type holding `type` and the key of its entry there: for a root map itself, null
 * for the key; for a type nested in a root map's entry (a note's map, its text), that entry's
 * key. Null for a type that is not in a root (being built, or deleted with its parent).
 */
export function entryOfType<T>(
  type: Y.AbstractType<T>,
): { root: Y.AbstractType<unknown>; key: string | null } | null {
  let t = type as Y.AbstractType<unknown>
  let key: string | null = null
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const item = t._item
    if (item === null) return t.doc ? { root: t, key } : null
    const parent: unknown = item.parent
    if (!(parent instanceof Y.AbstractType)) return null
    key = item.parentSub
    t = parent
  }
  return null
}

/** The current item of every key of a map, deleted ones included (a deleted key keeps its last). */
export function mapEntryItems<T>(map: Y.Map<T>): IterableIterator<[string, Y.Item]> {
  return map._map.entries()
}
