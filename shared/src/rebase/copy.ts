/**
 * A fresh copy of a board document: the same content written anew by one client in one
 * transaction, without the history (overwritten values and deleted items) that Yjs keeps
 * forever [F10.1]. The server stores it as a new epoch of the board (see ../../SPEC.md F10).
 */
import * as Y from 'yjs'
import { ROOT } from '../schema/keys'

const KNOWN_ROOTS = new Set<string>(Object.values(ROOT))

/** Why a document cannot be copied faithfully, or null when it can. */
export function uncopyable(doc: Y.Doc): string | null {
  for (const [name, type] of doc.share) {
    if (KNOWN_ROOTS.has(name)) continue
    // A root is created (empty) for every name an update mentions; only content counts.
    if (type._start !== null || type._map.size > 0) return `unknown root "${name}"`
  }
  return null
}

/**
 * Copy `doc` into a new document [F10.1], or null when it holds something this format does not
 * know [F10.2] (an unknown root, or a shared type other than a map, text or array), which a
 * copy could not carry faithfully.
 */
export function freshCopy(doc: Y.Doc): Y.Doc | null {
  if (uncopyable(doc) !== null) return null
  const out = new Y.Doc()
  let ok = true
  out.transact(() => {
    for (const name of KNOWN_ROOTS) {
      if (!doc.share.has(name)) continue
      if (!copyMap(doc.getMap(name), out.getMap(name))) ok = false
    }
  })
  if (!ok) {
    out.destroy()
    return null
  }
  return out
}

/** Copy every entry of `from` into the (integrated, empty) `to`; false on an unknown type. */
function copyMap(from: Y.Map<unknown>, to: Y.Map<unknown>): boolean {
  for (const [key, value] of from.entries()) {
    if (!copyInto(value, (v) => to.set(key, v))) return false
  }
  return true
}

function copyArray(from: Y.Array<unknown>, to: Y.Array<unknown>): boolean {
  for (const value of from.toArray()) {
    if (!copyInto(value, (v) => to.push([v]))) return false
  }
  return true
}

/**
 * Place a copy of `value` with `place` (which integrates it), then fill it: an integrated type
 * takes formatted text and nested entries, which a preliminary one does not.
 */
function copyInto(value: unknown, place: (v: unknown) => void): boolean {
  // A type placed in an integrated parent is itself integrated (the same object).
  if (value instanceof Y.Map) {
    const m = new Y.Map<unknown>()
    place(m)
    return copyMap(value, m)
  }
  if (value instanceof Y.Array) {
    const a = new Y.Array<unknown>()
    place(a)
    return copyArray(value, a)
  }
  if (value instanceof Y.Text) {
    const t = new Y.Text()
    place(t)
    t.applyDelta(value.toDelta())
    return true
  }
  if (value instanceof Y.AbstractType || value instanceof Y.Doc) return false
  place(value)
  return true
}
