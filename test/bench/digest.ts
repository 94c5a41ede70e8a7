/** A digest of what a board reads as (notes sorted by id), to check an open got the right board. */
import { createHash } from 'node:crypto'
import { readBoard } from '@sensemaking/shared'
import type * as Y from 'yjs'

export function boardDigest(doc: Y.Doc): string {
  const b = readBoard(doc)
  const notes = [...b.notes].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  return createHash('sha1')
    .update(JSON.stringify({ meta: b.meta, notes, clusters: b.clusters }))
    .digest('hex')
}
