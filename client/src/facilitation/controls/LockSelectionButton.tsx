/**
 * Lock or unlock the selected notes and themes (canvas selection toolbar, facilitators):
 * locked items are read-only for participants, and the server refuses their changes [F8.5].
 */
import { setItemsLocked, whyNotLockItems } from '@sensemaking/shared'
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../../board/BoardContext'
import type { BoardState } from '../../board/boardStore'
import { actorOf, policyOf } from '../../board/selectors'
import { useBoardSelector } from '../../board/useBoardSelector'
import { FACILITATION_ORIGIN } from '../origin'

const NOTE_PREFIX = 'shape:'
const CLUSTER_PREFIX = 'shape:cluster-'

/** The note and cluster ids of tldraw shape ids (column regions and others left out). */
export function itemsOfShapes(
  shapeIds: readonly string[],
  has: { note(id: string): boolean; cluster(id: string): boolean },
): { notes: string[]; clusters: string[] } {
  const notes: string[] = []
  const clusters: string[] = []
  for (const sid of shapeIds) {
    if (sid.startsWith(CLUSTER_PREFIX)) {
      const id = sid.slice(CLUSTER_PREFIX.length)
      if (has.cluster(id)) clusters.push(id)
    } else if (sid.startsWith(NOTE_PREFIX)) {
      const id = sid.slice(NOTE_PREFIX.length)
      if (has.note(id)) notes.push(id)
    }
  }
  return { notes, clusters }
}

/** The selected notes and themes, and whether every one of them is locked. */
function selection(s: BoardState, shapeIds: readonly string[]) {
  const items = itemsOfShapes(shapeIds, {
    note: (id) => s.notes.has(id),
    cluster: (id) => s.clusters.has(id),
  })
  const allLocked =
    items.notes.every((id) => s.notes.get(id)?.locked === true) &&
    items.clusters.every((id) => s.clusters.get(id)?.locked === true)
  return { items, allLocked }
}

const sameSelection = (a: ReturnType<typeof selection>, b: ReturnType<typeof selection>) =>
  JSON.stringify(a) === JSON.stringify(b)

export function LockSelectionButton() {
  const editor = useEditor()
  const board = useBoard()
  const { doc } = board
  const shapeIds = useValue('selected ids', () => editor.getSelectedShapeIds(), [editor])
  const { items, allLocked } = useBoardSelector((s) => selection(s, shapeIds), sameSelection)
  const policy = useBoardSelector(policyOf)
  if (whyNotLockItems(actorOf(board), policy) !== null) return null
  const count = items.notes.length + items.clusters.length
  if (count === 0) return null
  return (
    <button
      type="button"
      className="btn small"
      aria-pressed={allLocked}
      data-action="lock-selection"
      title={
        allLocked ? 'Participants may edit these again' : 'Participants can no longer edit these'
      }
      onClick={() => setItemsLocked(doc, items, !allLocked, { origin: FACILITATION_ORIGIN })}
    >
      {allLocked ? 'Unlock' : 'Lock'}
    </button>
  )
}
