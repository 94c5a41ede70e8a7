/**
 * What one entry of the undo stack touches, read from its insertions and deletions (clock
 * ranges of the document's structs). Read-only: nothing here splits or changes a struct.
 */
import { notesMap } from '@sensemaking/shared'
import * as Y from 'yjs'

type StackItem = Y.UndoManager['undoStack'][number]
type Ranges = StackItem['insertions']

function forEachItem(doc: Y.Doc, ds: Ranges, f: (item: Y.Item) => void) {
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs || structs.length === 0) continue
    const last = structs[structs.length - 1]!
    for (const { clock, len } of ranges) {
      if (clock >= last.id.clock + last.length) continue
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i]!
        if (s.id.clock >= clock + len) break
        if (s instanceof Y.Item) f(s)
      }
    }
  }
}

/** The note whose entry holds `item` (at any depth), or null for items elsewhere. */
function noteOf(item: Y.Item, notes: object): string | null {
  let it: Y.Item | null = item
  for (let depth = 0; it && depth < 1000; depth++) {
    if (it.parent === notes) return it.parentSub
    const parent = it.parent as Y.AbstractType<unknown> | null
    it = parent instanceof Y.AbstractType ? parent._item : null
  }
  return null
}

/** The notes an undo-stack entry changed (created, edited, moved or deleted). */
export function notesTouched(doc: Y.Doc, stackItem: StackItem): Set<string> {
  const notes = notesMap(doc)
  const out = new Set<string>()
  const add = (item: Y.Item) => {
    const id = noteOf(item, notes)
    if (id !== null) out.add(id)
  }
  forEachItem(doc, stackItem.insertions, add)
  forEachItem(doc, stackItem.deletions, add)
  return out
}

/** The notes an undo-stack entry created: their current entry was inserted by it. */
export function notesCreated(doc: Y.Doc, stackItem: StackItem): string[] {
  const out: string[] = []
  for (const [id, item] of notesMap(doc)._map) {
    if (!item.deleted && Y.isDeleted(stackItem.insertions, item.id)) out.push(id)
  }
  return out
}
