/** Rebuilding a board's document from what storage holds. */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { BoardStorage, LoadedBoard } from '../storage/types'

const LOAD_ORIGIN = Symbol('load')

/** Work done in one turn of the event loop before a sliced load lets other boards run [G12]. */
export const SLICE_MS = 10

/** Let the event loop run what waits (other boards' messages) before going on. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

const partsOf = (loaded: LoadedBoard) => [
  ...(loaded.snapshot ? [loaded.snapshot] : []),
  ...loaded.updates,
]

/** Apply one stored part; false when it failed (it is counted as corrupt). */
function applyPart(doc: Y.Doc, data: Uint8Array): boolean {
  try {
    Y.applyUpdate(doc, data, LOAD_ORIGIN)
    return true
  } catch {
    return false
  }
}

/** Rows after a skipped one may depend on it: what is left pending is dropped and counted. */
function dropPending(doc: Y.Doc): number {
  const store = doc.store
  if (!store.pendingStructs && !store.pendingDs) return 0
  // Clients that hold the missing content send it again on their next sync, since the
  // server's state vector lacks it.
  store.pendingStructs = null
  store.pendingDs = null
  return 1
}

/**
 * Apply a stored snapshot and log to `doc`; returns how many parts were corrupt (skipped by
 * storage's checksum, failing to apply, or leaving dependents pending).
 */
export function applyStored(doc: Y.Doc, loaded: LoadedBoard): number {
  let corrupt = loaded.corrupt
  // One transaction per row: measured faster than merging the rows first.
  for (const p of partsOf(loaded)) if (!applyPart(doc, p.data)) corrupt++
  return corrupt + dropPending(doc)
}

/**
 * applyStored in slices [G12]: between stored parts, whenever a slice took SLICE_MS, the event
 * loop runs what waits, so a board with a long log does not hold the others up while it
 * loads. (One part, a snapshot, is applied whole.)
 */
export async function applyStoredInSlices(
  doc: Y.Doc,
  loaded: LoadedBoard,
  sliceMs = SLICE_MS,
): Promise<number> {
  let corrupt = loaded.corrupt
  let sliceStart = performance.now()
  for (const p of partsOf(loaded)) {
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn()
      sliceStart = performance.now()
    }
    if (!applyPart(doc, p.data)) corrupt++
  }
  return corrupt + dropPending(doc)
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

/** readStoredDoc in slices [G12]. */
export async function readStoredDocInSlices(
  storage: BoardStorage,
  boardId: string,
): Promise<{ doc: Y.Doc; corrupt: number }> {
  const doc = new Y.Doc()
  const corrupt = await applyStoredInSlices(doc, storage.loadBoard(boardId))
  return { doc, corrupt }
}
