/**
 * Lock or unlock the selected notes and themes (canvas selection toolbar, facilitators):
 * locked items are read-only for participants, and the server refuses their changes [F8.5].
 */
import { CLUSTER, clustersMap, NOTE, notesMap, setItemsLocked } from '@sensemaking/shared'
import { useEffect, useReducer } from 'react'
import { useEditor, useValue } from 'tldraw'
import * as Y from 'yjs'
import { useBoard } from '../../board/BoardContext'
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

const lockedIn = (m: Y.Map<Y.Map<unknown>>, id: string, key: string) => {
  const e = m.get(id)
  return e instanceof Y.Map && e.get(key) === true
}

export function LockSelectionButton() {
  const editor = useEditor()
  const { doc, role } = useBoard()
  const [, refresh] = useReducer((n: number) => n + 1, 0)
  const shapeIds = useValue('selected ids', () => editor.getSelectedShapeIds(), [editor])
  useEffect(() => {
    notesMap(doc).observeDeep(refresh)
    clustersMap(doc).observeDeep(refresh)
    return () => {
      notesMap(doc).unobserveDeep(refresh)
      clustersMap(doc).unobserveDeep(refresh)
    }
  }, [doc])
  if (role !== 'facilitator') return null
  const notes = notesMap(doc)
  const clusters = clustersMap(doc)
  const items = itemsOfShapes(shapeIds, {
    note: (id) => notes.get(id) instanceof Y.Map,
    cluster: (id) => clusters.get(id) instanceof Y.Map,
  })
  const count = items.notes.length + items.clusters.length
  if (count === 0) return null
  const allLocked =
    items.notes.every((id) => lockedIn(notes, id, NOTE.locked)) &&
    items.clusters.every((id) => lockedIn(clusters, id, CLUSTER.locked))
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
