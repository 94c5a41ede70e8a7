/**
 * Exact revert of one connection's change, paid for only when something is refused.
 *
 * While the change is applied, Yjs's garbage collection is held back (the document's gcFilter),
 * so what the change overwrote or deleted is still there when the permission check runs. An
 * allowed change (nearly all of them) is then collected as Yjs would have done at the end of its
 * transaction: no undo manager and no extra transaction. A refused one is handed to a
 * Y.UndoManager scoped to the whole document, exactly as if it had watched the transaction, and
 * undone; afterwards what the change and its revert deleted is garbage-collected, so refused
 * words do not stay in the document (the undo manager keeps deleted structs alive for redo; the
 * server never redoes).
 */
import { forEachItemIn, releaseKept } from '@sensemaking/shared'
import * as Y from 'yjs'
import { placeOf, rootNames, unitId } from './changes'

type Ranges = Map<number, { clock: number; len: number }[]>

/** Origin of the bookkeeping transaction that collects garbage after a reverted write. */
export const RELEASE_ORIGIN = Symbol('release')

const HOLD: (item: Y.Item) => boolean = () => false

export class RevertGuard {
  private readonly gcFilter: (item: Y.Item) => boolean
  private um: Y.UndoManager | null = null
  private holding = true

  /** Hold garbage collection of `doc` until `allow`, `capture` or `release`. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: object,
  ) {
    this.gcFilter = doc.gcFilter
    doc.gcFilter = HOLD
  }

  private unhold(): void {
    if (!this.holding) return
    this.holding = false
    this.doc.gcFilter = this.gcFilter
  }

  /**
   * The change is allowed (or nothing happened): collect what `tr` deleted, as Yjs does at the
   * end of a transaction.
   */
  allow(tr: Y.Transaction | null): void {
    this.unhold()
    if (tr && this.doc.gc) Y.tryGc(tr.deleteSet, this.doc.store, this.gcFilter)
  }

  /**
   * The change (transaction `tr`, by the watched origin) is refused in part or whole: give it to
   * an undo manager as if it had watched it (which keeps its deleted structs for the undo).
   */
  capture(tr: Y.Transaction): void {
    this.um = new Y.UndoManager(this.doc, {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 0,
    })
    this.um.afterTransactionHandler(tr)
    this.unhold()
  }

  /**
   * Undo the units of the watched transaction named in `denied` (unit ids), or all of it.
   * Returns the undo transaction, or null when nothing was undone.
   */
  revert(denied: ReadonlySet<string> | 'all'): Y.Transaction | null {
    const um = this.um
    const item = um?.undoStack[um.undoStack.length - 1]
    if (!um || !item) return null
    if (denied !== 'all') {
      item.insertions = this.filter(item.insertions.clients, denied) as typeof item.insertions
      item.deletions = this.filter(item.deletions.clients, denied) as typeof item.deletions
    }
    let undoTr: Y.Transaction | null = null
    const watch = (tr: Y.Transaction) => {
      if (tr.origin === um) undoTr = tr
    }
    this.doc.on('afterTransaction', watch)
    try {
      um.undo()
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
    this.unhold()
    this.um?.destroy()
    this.um = null
    const sets = transactions.filter((t): t is Y.Transaction => t !== null).map((t) => t.deleteSet)
    if (sets.length === 0) return
    this.doc.transact((t) => {
      for (const ds of sets) {
        Y.iterateDeletedStructs(t, ds, (s) => {
          if (s instanceof Y.Item) releaseKept(s)
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
