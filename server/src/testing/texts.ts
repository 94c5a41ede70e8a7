import { readBoard } from '@sensemaking/shared'
import type * as Y from 'yjs'

/** The texts of every note of a replica, sorted: what convergence tests compare. */
export const noteTexts = (d: Y.Doc): string[] =>
  readBoard(d)
    .notes.map((n) => n.text)
    .sort()
