/**
 * An erasure's new epoch [F13.5]: the document as it stands with the erased entries deleted and
 * collected (the base a stale device diffs against), and a fresh copy of that (the board from
 * now on) that remembers the erased ids. Neither holds the erased content: Yjs collects a
 * deleted entry's content, nested text included, once the transaction ends (`gc` is on).
 */
import * as Y from 'yjs'
import { setLocked } from '../board/meta'
import { freshCopy, uncopyable } from '../rebase/copy'
import {
  countErasure,
  type ErasureCounts,
  type ErasureSelector,
  isEmptyErasure,
  recordErased,
  removeSelected,
  selectErasure,
} from './erasure'

export interface ErasedEpoch {
  /** The old epoch's last state without the erased entries: kept for stale devices. */
  base: Uint8Array
  /** The new epoch: a fresh copy of `base` with the erased ids recorded. */
  fresh: Uint8Array
  stateVector: Uint8Array
  /** Every client of the old epoch: a replica naming one is stale [F10.3]. */
  retired: number[]
  counts: ErasureCounts
  /** The ids of the notes erased (their copies on other boards go too [F13.10]). */
  notes: string[]
}

export interface ErasedEpochOptions {
  now?: () => number
  /** Lock the board in the new epoch (a session whose retention ran out). */
  lock?: boolean
  /**
   * Erase in `doc` itself, which becomes the base, instead of in a copy: for a caller that
   * drops the document afterwards (copying a large board's history costs more than the rest).
   */
  consume?: boolean
}

/**
 * The new epoch erasing what `selector` names from `doc`, or `{ nothing }` when it names nothing
 * the board holds, or `{ uncopyable }` when the board holds content this format does not know
 * and cannot be copied faithfully [F10.2]. `doc` is left unchanged unless `consume` is set and
 * an epoch is returned.
 */
export function erasedEpoch(
  doc: Y.Doc,
  selector: ErasureSelector,
  o: ErasedEpochOptions = {},
): ErasedEpoch | { nothing: true } | { uncopyable: true } {
  const selection = selectErasure(doc, selector)
  if (isEmptyErasure(doc, selection) && !o.lock) return { nothing: true }
  if (uncopyable(doc) !== null) return { uncopyable: true }
  // Collecting the deleted entries' content is what makes them gone: only a document that
  // collects garbage is erased in place.
  const inPlace = o.consume === true && doc.gc
  const work = inPlace ? doc : new Y.Doc({ gc: true })
  let copy: Y.Doc | null = null
  try {
    if (!inPlace) Y.applyUpdate(work, Y.encodeStateAsUpdate(doc))
    const counts = countErasure(work, selection)
    const retired = [...Y.decodeStateVector(Y.encodeStateVector(work)).keys()]
    removeSelected(work, selection)
    copy = freshCopy(work)
    if (!copy) return { uncopyable: true }
    const at = (o.now ?? Date.now)()
    recordErased(copy, [...selection.notes, ...selection.clusters], at)
    if (o.lock) setLocked(copy, true)
    return {
      base: Y.encodeStateAsUpdate(work),
      fresh: Y.encodeStateAsUpdate(copy),
      stateVector: Y.encodeStateVector(copy),
      retired,
      counts,
      notes: selection.notes,
    }
  } finally {
    if (!inPlace) work.destroy()
    copy?.destroy()
  }
}
