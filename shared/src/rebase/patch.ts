/**
 * Carrying a stale replica's own changes into a rebased board [F10.4]. `diffDocs(base, mine)`
 * lists what `mine` changed against `base` as plain JSON (it survives a page reload [F10.5]);
 * `applyPatch` replays that onto the board's new epoch: keys set and deleted, nested maps
 * recursed, texts merged three ways. A change under a map that is gone from the target is
 * dropped, as Yjs drops an edit inside a deleted type; one under an erased entry too [F13.6].
 */
import { simpleDiffString } from 'lib0/diff'
import { equalityDeep } from 'lib0/function'
import * as Y from 'yjs'
import { erasedIds, touchesErased } from '../privacy/erasure'
import { ROOT } from '../schema/keys'

/** A value as plain JSON: a primitive, or a shared type's content. */
export type PatchValue =
  | { v: unknown }
  | { map: Record<string, PatchValue> }
  | { text: string }
  | { array: PatchValue[] }

/** One change, at a path of map keys from a root. */
export type PatchOp =
  | { path: string[]; set: PatchValue }
  | { path: string[]; del: true }
  | { path: string[]; text: { base: string; mine: string } }
  /** Set only where the key is absent (carrying notes over without a base to diff against). */
  | { path: string[]; add: PatchValue }

export type Patch = PatchOp[]

/** What `mine` changed against `base`, root by root of the format. */
export function diffDocs(base: Y.Doc, mine: Y.Doc): Patch {
  const out: Patch = []
  for (const root of Object.values(ROOT)) {
    diffMaps(base.getMap(root), mine.getMap(root), [root], out)
  }
  return out
}

function diffMaps(a: Y.Map<unknown>, b: Y.Map<unknown>, path: string[], out: Patch): void {
  for (const key of a.keys()) {
    if (!b.has(key)) out.push({ path: [...path, key], del: true })
  }
  for (const [key, vb] of b.entries()) {
    const p = [...path, key]
    if (!a.has(key)) {
      out.push({ path: p, set: toValue(vb) })
      continue
    }
    const va = a.get(key)
    if (va instanceof Y.Map && vb instanceof Y.Map) diffMaps(va, vb, p, out)
    else if (va instanceof Y.Text && vb instanceof Y.Text) {
      const [ta, tb] = [va.toString(), vb.toString()]
      if (ta !== tb) out.push({ path: p, text: { base: ta, mine: tb } })
    } else {
      const [ja, jb] = [toValue(va), toValue(vb)]
      if (!equalityDeep(ja, jb)) out.push({ path: p, set: jb })
    }
  }
}

/**
 * Without the base of the replica's epoch (it is more than one epoch behind), only what cannot
 * conflict is carried over: each entry of `root` (a note, a theme), added where the new epoch
 * lacks it. Edits of entries the new epoch still holds are not carried [F10.4].
 */
export function entriesToAdd(mine: Y.Doc, root: string): Patch {
  return [...mine.getMap(root).entries()].map(([key, v]) => ({
    path: [root, key],
    add: toValue(v),
  }))
}

/** A value as plain JSON. */
export function toValue(v: unknown): PatchValue {
  if (v instanceof Y.Map) {
    const map: Record<string, PatchValue> = {}
    for (const [k, x] of v.entries()) map[k] = toValue(x)
    return { map }
  }
  if (v instanceof Y.Text) return { text: v.toString() }
  if (v instanceof Y.Array) return { array: v.toArray().map(toValue) }
  return { v }
}

/** A shared type (or primitive) built from a plain value, to place in a parent. */
function fromValue(p: PatchValue): unknown {
  if ('map' in p) {
    const m = new Y.Map<unknown>()
    for (const [k, x] of Object.entries(p.map)) m.set(k, fromValue(x))
    return m
  }
  if ('text' in p) return new Y.Text(p.text)
  if ('array' in p) return Y.Array.from(p.array.map(fromValue) as never[])
  return p.v
}

/** The map at `path` (root first), or null when something on the way is not a map. */
function mapAt(doc: Y.Doc, path: readonly string[]): Y.Map<unknown> | null {
  let m: Y.Map<unknown> = doc.getMap(path[0]!)
  for (const key of path.slice(1)) {
    const next = m.get(key)
    if (!(next instanceof Y.Map)) return null
    m = next
  }
  return m
}

/**
 * Apply a patch to `doc` in one transaction; returns how many operations took effect. An
 * operation on an erased note or theme, or on the record of erased ids, is skipped: a device's
 * copy never brings an erased entry back [F13.6].
 */
export function applyPatch(doc: Y.Doc, patch: Patch, origin?: unknown): number {
  let applied = 0
  const erased = erasedIds(doc)
  doc.transact(() => {
    for (const op of patch) {
      if (touchesErased(op.path, erased)) continue
      const parent = mapAt(doc, op.path.slice(0, -1))
      const key = op.path[op.path.length - 1]!
      if (!parent) continue
      if ('del' in op) {
        if (!parent.has(key)) continue
        parent.delete(key)
      } else if ('set' in op) {
        parent.set(key, fromValue(op.set))
      } else if ('add' in op) {
        if (parent.has(key)) continue
        parent.set(key, fromValue(op.add))
      } else {
        const t = parent.get(key)
        if (!(t instanceof Y.Text)) continue
        mergeText(t, op.text.base, op.text.mine)
      }
      applied++
    }
  }, origin)
  return applied
}

/** Replace `t`'s content by the smallest single edit that turns it into `to`. */
function editTo(t: Y.Text, to: string): void {
  const d = simpleDiffString(t.toString(), to)
  if (d.remove > 0) t.delete(d.index, d.remove)
  if (d.insert.length > 0) t.insert(d.index, d.insert)
}

/**
 * Merge `mine`'s edit of `base` into `t`, which may have moved on from `base` too: both edits
 * are made on copies of `base` and merged by Yjs, so both survive as concurrent edits would.
 */
export function mergeText(t: Y.Text, base: string, mine: string): void {
  const theirs = t.toString()
  if (theirs === base) {
    editTo(t, mine)
    return
  }
  const start = new Y.Doc()
  start.getText('t').insert(0, base)
  const state = Y.encodeStateAsUpdate(start)
  const [a, b] = [new Y.Doc(), new Y.Doc()]
  Y.applyUpdate(a, state)
  Y.applyUpdate(b, state)
  editTo(a.getText('t'), mine)
  editTo(b.getText('t'), theirs)
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
  editTo(t, a.getText('t').toString())
  for (const d of [start, a, b]) d.destroy()
}
