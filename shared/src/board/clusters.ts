/** Typed writers of clusters (named themes) [F4]. */

import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { CLUSTER, NOTE } from '../schema/keys'
import { BOARD_ERROR, BoardError } from './errors'
import type { WriteOptions } from './notes'
import { clustersMap, notesMap, readMeta } from './read'

export interface NewCluster {
  id?: string
  title: string
  column: string | null
  x: number
  y: number
  w: number
  h: number
  /** Notes to put in the cluster at once. */
  noteIds?: readonly string[]
}

function getCluster(doc: Y.Doc, id: string): Y.Map<unknown> {
  const m = clustersMap(doc).get(id)
  if (!(m instanceof Y.Map)) {
    throw new BoardError(BOARD_ERROR.unknownCluster, `Unknown cluster "${id}"`)
  }
  return m
}

/** Create a cluster, optionally with members, in one transaction [F4.1]. */
export function createCluster(doc: Y.Doc, c: NewCluster, opts: WriteOptions = {}): string {
  const meta = readMeta(doc)
  if (c.column !== null && !meta.columns.some((col) => col.id === c.column)) {
    throw new BoardError(BOARD_ERROR.unknownColumn, `Unknown column "${c.column}"`)
  }
  const id = c.id ?? uuidv4()
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    m.set(CLUSTER.title, c.title)
    m.set(CLUSTER.column, c.column)
    m.set(CLUSTER.x, c.x)
    m.set(CLUSTER.y, c.y)
    m.set(CLUSTER.w, c.w)
    m.set(CLUSTER.h, c.h)
    clustersMap(doc).set(id, m)
    if (c.noteIds) assignToCluster(doc, c.noteIds, id, opts)
  }, opts.origin)
  return id
}

export function renameCluster(
  doc: Y.Doc,
  id: string,
  title: string,
  opts: WriteOptions = {},
): void {
  const m = getCluster(doc, id)
  doc.transact(() => m.set(CLUSTER.title, title), opts.origin)
}

/** Move or resize a cluster's frame; with `moveNotes`, its members move by the same offset [F4.2]. */
export function setClusterBounds(
  doc: Y.Doc,
  id: string,
  b: { x?: number; y?: number; w?: number; h?: number; column?: string | null },
  opts: WriteOptions & { moveNotes?: boolean } = {},
): void {
  const m = getCluster(doc, id)
  const now = (opts.now ?? Date.now)()
  doc.transact(() => {
    const oldX = m.get(CLUSTER.x) as number
    const oldY = m.get(CLUSTER.y) as number
    if (b.x !== undefined) m.set(CLUSTER.x, b.x)
    if (b.y !== undefined) m.set(CLUSTER.y, b.y)
    if (b.w !== undefined) m.set(CLUSTER.w, b.w)
    if (b.h !== undefined) m.set(CLUSTER.h, b.h)
    if (b.column !== undefined) m.set(CLUSTER.column, b.column)
    if (opts.moveNotes) {
      const dx = (b.x ?? oldX) - oldX
      const dy = (b.y ?? oldY) - oldY
      notesMap(doc).forEach((n) => {
        if (!(n instanceof Y.Map) || n.get(NOTE.clusterId) !== id) return
        const x = n.get(NOTE.x)
        const y = n.get(NOTE.y)
        if (typeof x !== 'number' || typeof y !== 'number') return
        if (dx !== 0) n.set(NOTE.x, x + dx)
        if (dy !== 0) n.set(NOTE.y, y + dy)
        if (b.column !== undefined) n.set(NOTE.column, b.column)
        n.set(NOTE.updatedAt, now)
      })
    }
  }, opts.origin)
}

/** Put notes into a cluster, or take them out with null [F4.3]. Unknown notes are skipped. */
export function assignToCluster(
  doc: Y.Doc,
  noteIds: readonly string[],
  clusterId: string | null,
  opts: WriteOptions = {},
): void {
  if (clusterId !== null) getCluster(doc, clusterId)
  const now = (opts.now ?? Date.now)()
  doc.transact(() => {
    const notes = notesMap(doc)
    for (const id of noteIds) {
      const n = notes.get(id)
      if (!(n instanceof Y.Map) || n.get(NOTE.clusterId) === clusterId) continue
      n.set(NOTE.clusterId, clusterId)
      n.set(NOTE.updatedAt, now)
    }
  }, opts.origin)
}

/** Remove a cluster; its notes stay where they are, unclustered [F4.4]. */
export function dissolveCluster(doc: Y.Doc, id: string, opts: WriteOptions = {}): void {
  doc.transact(() => {
    const members: string[] = []
    notesMap(doc).forEach((n, noteId) => {
      if (n instanceof Y.Map && n.get(NOTE.clusterId) === id) members.push(noteId)
    })
    assignToCluster(doc, members, null, opts)
    clustersMap(doc).delete(id)
  }, opts.origin)
}
