/**
 * Exact revert of one connection's change: a Y.UndoManager scoped to the whole document and to
 * that connection's origin only, watching exactly one transaction. Afterwards what the change
 * and its revert deleted is garbage-collected, so refused words do not stay in the document
 * (the undo manager keeps deleted structs alive for redo; the server never redoes).
 */
import * as Y from 'yjs'
import { forEachItemIn, placeOf, rootNames, unitId } from './changes'

type Ranges = Map<number, { clock: number; len: number }[]>

/** Origin of the bookkeeping transaction that collects garbage after a guarded write. */
export const RELEASE_ORIGIN = Symbol('release')

export class RevertGuard {
  private readonly um: Y.UndoManager

  constructor(
    private readonly doc: Y.Doc,
    origin: object,
  ) {
    this.um = new Y.UndoManager(doc, { trackedOrigins: new Set([origin]), captureTimeout: 0 })
  }

  /**
   * Undo the units of the watched transaction named in `denied` (unit ids), or all of it.
   * Returns the undo transaction, or null when nothing was undone.
   */
  revert(denied: ReadonlySet<string> | 'all'): Y.Transaction | null {
    const item = this.um.undoStack[this.um.undoStack.length - 1]
    if (!item) return null
    if (denied !== 'all') {
      item.insertions = this.filter(item.insertions.clients, denied) as typeof item.insertions
      item.deletions = this.filter(item.deletions.clients, denied) as typeof item.deletions
    }
    let undoTr: Y.Transaction | null = null
    const watch = (tr: Y.Transaction) => {
      if (tr.origin === this.um) undoTr = tr
    }
    this.doc.on('afterTransaction', watch)
    try {
      this.um.undo()
    } finally {
      this.doc.off('afterTransaction', watch)
    }
    return undoTr
  }

  /**
   * Stop watching and let Yjs collect what `transactions` deleted: the undo manager marked those
   * structs (and their parents) to be kept, which would keep refused content, and old values
   * of every guarded write, in the document and its snapshots.
   */
  release(transactions: readonly (Y.Transaction | null)[]): void {
    this.um.destroy()
    const sets = transactions.filter((t): t is Y.Transaction => t !== null).map((t) => t.deleteSet)
    if (sets.length === 0) return
    this.doc.transact((t) => {
      for (const ds of sets) {
        Y.iterateDeletedStructs(t, ds, (s) => {
          if (s instanceof Y.Item) unkeep(s)
        })
      }
      for (const ds of sets) Y.tryGc(ds, this.doc.store, this.doc.gcFilter)
    }, RELEASE_ORIGIN)
  }

  /** The ranges of `ranges` whose structs belong to a denied unit, sorted and merged. */
  private filter(
    ranges: Ranges,
    denied: ReadonlySet<string>,
  ): ReturnType<typeof Y.createDeleteSet> {
    const roots = rootNames(this.doc)
    const out = Y.createDeleteSet()
    forEachItemIn(this.doc, ranges, (item, clock, len) => {
      const p = placeOf(item, roots)
      if (!denied.has(unitId(p?.root ?? '', p?.key ?? null))) return
      const client = item.id.client
      let list = out.clients.get(client)
      if (!list) {
        list = []
        out.clients.set(client, list)
      }
      const last = list[list.length - 1]
      if (last && last.clock + last.len === clock) last.len += len
      else list.push({ clock, len } as (typeof list)[number])
    })
    return out
  }
}

/** Undo Yjs's keepItem(item, true): the item and its parents may be collected again. */
function unkeep(item: Y.Item): void {
  let it: Y.Item | null = item
  while (it?.keep) {
    it.keep = false
    const parent: unknown = it.parent
    it = parent instanceof Y.AbstractType ? parent._item : null
  }
}
