/**
 * What one entry of the undo stack touches, read from its insertions and deletions (clock
 * ranges of the document's structs) through the shared walks over Yjs's structs. Read-only:
 * nothing here splits or changes a struct.
 */
import { entryKeyOfItem, forEachItemIn, mapEntryItems, notesMap } from '@sensemaking/shared'
import * as Y from 'yjs'

type StackItem = Y.UndoManager['undoStack'][number]

/** The notes an undo-stack entry changed (created, edited, moved or deleted). */
export function notesTouched(doc: Y.Doc, stackItem: StackItem): Set<string> {
  const notes = notesMap(doc)
  const out = new Set<string>()
  const add = (item: Y.Item) => {
    const id = entryKeyOfItem(item, notes)
    if (id !== null) out.add(id)
  }
  forEachItemIn(doc, stackItem.insertions.clients, add)
  forEachItemIn(doc, stackItem.deletions.clients, add)
  return out
}

/** The notes an undo-stack entry created: their current entry was inserted by it. */
export function notesCreated(doc: Y.Doc, stackItem: StackItem): string[] {
  const out: string[] = []
  for (const [id, item] of mapEntryItems(notesMap(doc))) {
    if (!item.deleted && Y.isDeleted(stackItem.insertions, item.id)) out.push(id)
  }
  return out
}
