/**
 * Undo and redo of one's own changes only [F8.7]: scoped to the view's own transaction
 * origins and to notes, clusters and votes, so an undo never unlocks the board, stops the
 * timer, or reverts someone else's work.
 */
import * as Y from 'yjs'
import { clustersMap, notesMap, votesMap } from '../board/read'

export function createUndoManager(doc: Y.Doc, origins: readonly unknown[]): Y.UndoManager {
  return new Y.UndoManager([notesMap(doc), clustersMap(doc), votesMap(doc)], {
    trackedOrigins: new Set(origins),
    captureTimeout: 500,
  })
}
