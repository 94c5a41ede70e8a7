/** Rebuilding a board's document from what storage holds. */
import * as Y from 'yjs'
import type { BoardStorage, LoadedBoard } from '../storage/types'

const LOAD_ORIGIN = Symbol('load')

/**
 * Apply a stored snapshot and log to `doc`; returns how many parts were corrupt (skipped by
 * storage's checksum, failing to apply, or leaving dependents pending).
 */
export function applyStored(doc: Y.Doc, loaded: LoadedBoard): number {
  const parts = [...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates]
  let corrupt = loaded.corrupt
  if (parts.length === 0) return corrupt
  // One transaction per row: measured faster than merging the rows first.
  for (const p of parts) {
    try {
      Y.applyUpdate(doc, p.data, LOAD_ORIGIN)
    } catch {
      corrupt++
    }
  }
  const store = doc.store
  if (store.pendingStructs || store.pendingDs) {
    // Rows after a skipped one may depend on it. Clients that hold the missing content send it
    // again on their next sync, since the server's state vector lacks it.
    corrupt++
    store.pendingStructs = null
    store.pendingDs = null
  }
  return corrupt
}

/** A board's document read straight from storage (for reads of boards not in memory). */
export function readStoredDoc(
  storage: BoardStorage,
  boardId: string,
): { doc: Y.Doc; corrupt: number } {
  const doc = new Y.Doc()
  const corrupt = applyStored(doc, storage.loadBoard(boardId))
  return { doc, corrupt }
}
