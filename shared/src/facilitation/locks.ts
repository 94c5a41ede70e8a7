/** Locks of single notes and clusters [F8.5]; the board-wide lock is setLocked (F2.6). */
import * as Y from 'yjs'
import { BOARD_ERROR, BoardError } from '../board/errors'
import type { WriteOptions } from '../board/notes'
import { clustersMap, notesMap } from '../board/read'
import { CLUSTER, NOTE } from '../schema/keys'

/** Lock or unlock notes and clusters by id, in one transaction; unknown ids throw. */
export function setItemsLocked(
  doc: Y.Doc,
  ids: { notes?: readonly string[]; clusters?: readonly string[] },
  locked: boolean,
  opts: WriteOptions = {},
): void {
  const notes = (ids.notes ?? []).map((id) => {
    const m = notesMap(doc).get(id)
    if (!(m instanceof Y.Map)) throw new BoardError(BOARD_ERROR.unknownNote, `Unknown note "${id}"`)
    return m
  })
  const clusters = (ids.clusters ?? []).map((id) => {
    const m = clustersMap(doc).get(id)
    if (!(m instanceof Y.Map)) {
      throw new BoardError(BOARD_ERROR.unknownCluster, `Unknown cluster "${id}"`)
    }
    return m
  })
  doc.transact(() => {
    for (const m of notes) m.set(NOTE.locked, locked)
    for (const m of clusters) m.set(CLUSTER.locked, locked)
  }, opts.origin)
}
