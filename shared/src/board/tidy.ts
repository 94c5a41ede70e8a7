/**
 * "Tidy column" [F7.6]: lay a column's live notes out on its grid, each theme's notes
 * together in rows of their own with the theme's frame around them, then the rest,
 * oldest first. One transaction, so it is one step for undo and for everyone else.
 */
import * as Y from 'yjs'
import { CLUSTER, NOTE } from '../schema/keys'
import { columnRegion, NOTE_SIZE, SLOT_GAP, SLOTS_PER_ROW, slotPosition } from './layout'
import { isLive } from './live'
import type { WriteOptions } from './notes'
import { clustersMap, notesMap, readBoard } from './read'

/** Space above a theme's first row for its title. */
export const FRAME_TITLE = 48
export const FRAME_PAD = 16

export interface TidyPlan {
  notes: Array<{ id: string; x: number; y: number }>
  frames: Array<{ id: string; x: number; y: number; w: number; h: number }>
}

/** The pure layout: where every live note of `column` (and its themes' frames) should go. */
export function planTidy(doc: Y.Doc, column: string | null): TidyPlan {
  const board = readBoard(doc)
  const region = columnRegion(board.meta.columns, column)
  const live = board.notes
    .filter((n) => isLive(n) && n.column === column)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const clusterIds = new Set(board.clusters.map((c) => c.id))
  const groups = new Map<string | null, typeof live>()
  for (const n of live) {
    const key = n.clusterId !== null && clusterIds.has(n.clusterId) ? n.clusterId : null
    const g = groups.get(key) ?? []
    g.push(n)
    groups.set(key, g)
  }
  // themes in the order of their oldest note, then the unclustered notes
  const order = [...groups.keys()].filter((k) => k !== null) as string[]
  const plan: TidyPlan = { notes: [], frames: [] }
  let slot = 0
  // a row of slots is NOTE_SIZE.h + SLOT_GAP tall; a theme's title takes one extra row band
  let rowOffset = 0
  const place = (ids: typeof live) => {
    const first = slot
    for (const n of ids) {
      const p = slotPosition(region, slot)
      plan.notes.push({ id: n.id, x: p.x, y: p.y + rowOffset })
      slot++
    }
    return { first, last: slot - 1 }
  }
  for (const clusterId of order) {
    rowOffset += FRAME_TITLE
    const { first, last } = place(groups.get(clusterId)!)
    const rows = Math.floor(last / SLOTS_PER_ROW) - Math.floor(first / SLOTS_PER_ROW) + 1
    const cols = Math.min(groups.get(clusterId)!.length, SLOTS_PER_ROW)
    const topLeft = slotPosition(region, first)
    plan.frames.push({
      id: clusterId,
      x: topLeft.x - FRAME_PAD,
      y: topLeft.y + rowOffset - FRAME_TITLE,
      w: cols * NOTE_SIZE.w + (cols - 1) * SLOT_GAP + 2 * FRAME_PAD,
      h: FRAME_TITLE + rows * NOTE_SIZE.h + (rows - 1) * SLOT_GAP + FRAME_PAD,
    })
    // the next group starts on a fresh row
    slot = (Math.floor(last / SLOTS_PER_ROW) + 1) * SLOTS_PER_ROW
    rowOffset += FRAME_PAD
  }
  place(groups.get(null) ?? [])
  return plan
}

/** Apply planTidy to the document in one transaction. */
export function tidyColumn(doc: Y.Doc, column: string | null, opts: WriteOptions = {}): void {
  const plan = planTidy(doc, column)
  const now = (opts.now ?? Date.now)()
  doc.transact(() => {
    for (const p of plan.notes) {
      const m = notesMap(doc).get(p.id)
      if (!(m instanceof Y.Map)) continue
      if (m.get(NOTE.x) === p.x && m.get(NOTE.y) === p.y) continue
      m.set(NOTE.x, p.x)
      m.set(NOTE.y, p.y)
      m.set(NOTE.updatedAt, now)
    }
    for (const f of plan.frames) {
      const m = clustersMap(doc).get(f.id)
      if (!(m instanceof Y.Map)) continue
      const next: Array<[string, unknown]> = [
        [CLUSTER.x, f.x],
        [CLUSTER.y, f.y],
        [CLUSTER.w, f.w],
        [CLUSTER.h, f.h],
        [CLUSTER.column, column],
      ]
      for (const [k, v] of next) if (m.get(k) !== v) m.set(k, v)
    }
  }, opts.origin)
}
