/**
 * Merging themes into one [F11.9]: what a plenary's facilitator does with "Funding gaps" sent
 * from three rooms. The merged theme keeps every source it was sent from, so sending any of
 * them again adds nothing and each can still be refreshed.
 */
import * as Y from 'yjs'
import { BOARD_ERROR, BoardError } from '../board/errors'
import type { WriteOptions } from '../board/notes'
import { clustersMap, notesMap, readBoard } from '../board/read'
import { CLUSTER, NOTE } from '../schema/keys'
import { belowFrame } from './place'
import { sourceKey, type ThemeSource } from './source'

/**
 * Merge the themes `others` into `into`, in one transaction with the caller's origin: their
 * live members join `into` (those in its column in rows under its frame, which grows to hold
 * them; those elsewhere stay where they are), `into` keeps its title and gains their `sources`
 * (its own first, each source once), and the others are removed. Throws `unknown-cluster`
 * before writing anything when an id names no theme; `into` among `others` is left out.
 * Returns the ids of the notes that joined.
 */
export function mergeThemes(
  doc: Y.Doc,
  into: string,
  others: readonly string[],
  opts: WriteOptions = {},
): string[] {
  const snap = readBoard(doc)
  const byId = new Map(snap.clusters.map((c) => [c.id, c]))
  const target = byId.get(into)
  const merged = [...new Set(others)].filter((id) => id !== into)
  for (const id of [into, ...merged]) {
    if (!byId.has(id) || !(clustersMap(doc).get(id) instanceof Y.Map)) {
      throw new BoardError(BOARD_ERROR.unknownCluster, `Unknown cluster "${id}"`)
    }
  }
  const gone = new Set(merged)
  const joining = snap.notes
    .filter((n) => n.deletedAt === null && n.clusterId !== null && gone.has(n.clusterId))
    .sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const inColumn = joining.filter((n) => n.column === target!.column)
  const rows = belowFrame(snap.meta, target!.column, target!, inColumn.length)
  const at = new Map(inColumn.map((n, i) => [n.id, rows.positions[i]!]))
  const sources: ThemeSource[] = []
  const seen = new Set<string>()
  for (const c of [target!, ...merged.map((id) => byId.get(id)!)]) {
    for (const s of c.sources) {
      const key = sourceKey(s.boardId, s.clusterId)
      if (seen.has(key)) continue
      seen.add(key)
      sources.push(s)
    }
  }
  const now = (opts.now ?? Date.now)()
  doc.transact(() => {
    const notes = notesMap(doc)
    for (const n of joining) {
      const m = notes.get(n.id)
      if (!(m instanceof Y.Map)) continue
      m.set(NOTE.clusterId, into)
      const p = at.get(n.id)
      if (p) {
        m.set(NOTE.x, p.x)
        m.set(NOTE.y, p.y)
      }
      m.set(NOTE.updatedAt, now)
    }
    // Deleted members keep pointing at their theme: they follow it too, should they come back.
    notes.forEach((m) => {
      if (m instanceof Y.Map && gone.has(m.get(NOTE.clusterId) as string)) {
        m.set(NOTE.clusterId, into)
      }
    })
    const t = clustersMap(doc).get(into)!
    if (inColumn.length > 0) {
      t.set(CLUSTER.w, rows.frame.w)
      t.set(CLUSTER.h, rows.frame.h)
    }
    if (sources.length > target!.sources.length) t.set(CLUSTER.sources, sources)
    for (const id of merged) clustersMap(doc).delete(id)
  }, opts.origin)
  return joining.map((n) => n.id)
}
