/** Helpers for tests of board documents (no test framework imports, so any suite can use them). */
import * as Y from 'yjs'
import { seedBoard } from '../board/meta'
import type { Template } from '../schema/template'

/** A seeded board, as the server would make it, with a fixed clock. */
export function newBoard(o: { title?: string; template?: Template } = {}): Y.Doc {
  const doc = new Y.Doc()
  seedBoard(doc, { title: o.title ?? 'Test board', template: o.template })
  return doc
}

/** A clock that starts at `start` and ticks by `step` ms on every call. */
export function fakeClock(start = Date.UTC(2026, 0, 15, 9, 0, 0), step = 1000): () => number {
  let t = start - step
  return () => {
    t += step
    return t
  }
}

/** Copy a document through its encoded state, as a second replica would see it. */
export function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}
