/**
 * Undo and redo of this person's own changes [F8.7]: the shared undo manager (scoped to the
 * views' origins and to notes, clusters and votes), with one rule of ours on top. Undoing
 * the creation of a note deletes it softly (F3.6) instead of removing its entry: removing
 * an entry is a facilitator's purge, which the server refuses from participants, and a soft
 * delete keeps the note's votes and history. Redo brings the note back.
 */
import { createUndoManager, deleteNote, NOTE, notesMap } from '@sensemaking/shared'
import * as Y from 'yjs'
import { editKind } from './grouping'
import { notesCreated, notesTouched } from './stackItems'

export class OwnUndo {
  readonly manager: Y.UndoManager
  private readonly doc: Y.Doc
  private readonly listeners = new Set<() => void>()
  private readonly dispose: () => void

  constructor(doc: Y.Doc, origins: readonly unknown[]) {
    this.doc = doc
    const tracked = new Set(origins)
    let lastKind: string | null = null
    // Registered before the undo manager's own handler, so it runs first: a change of
    // another kind than the last one starts a new undo step.
    const onTransaction = (tr: Y.Transaction) => {
      if (!tracked.has(tr.origin) || tr.changed.size === 0) return
      const kind = editKind(tr, notesMap(doc))
      if (kind === null || kind !== lastKind) this.manager.stopCapturing()
      lastKind = kind
    }
    doc.on('afterTransaction', onTransaction)
    this.manager = createUndoManager(doc, origins)
    this.manager.on('stack-item-added', () => this.emit())
    this.manager.on('stack-item-updated', () => this.emit())
    this.manager.on('stack-item-popped', () => this.emit())
    this.manager.on('stack-cleared', () => this.emit())
    this.dispose = () => doc.off('afterTransaction', onTransaction)
  }

  canUndo(): boolean {
    return this.manager.undoStack.length > 0
  }

  canRedo(): boolean {
    return this.manager.redoStack.length > 0
  }

  /** The notes the next undo (or redo) would change. */
  nextTouches(which: 'undo' | 'redo'): Set<string> {
    const stack = which === 'undo' ? this.manager.undoStack : this.manager.redoStack
    const top = stack[stack.length - 1]
    return top ? notesTouched(this.doc, top) : new Set()
  }

  /** Take back the last own change; false when there was nothing to take back. */
  undo(): boolean {
    const um = this.manager
    for (let guard = 0; guard < 100; guard++) {
      const top = um.undoStack[um.undoStack.length - 1]
      if (!top) return false
      const created = notesCreated(this.doc, top)
      if (created.length === 0) return um.undo() !== null
      um.undoStack.pop()
      const live = created.filter((id) => {
        const m = notesMap(this.doc).get(id)
        return m instanceof Y.Map && m.get(NOTE.deletedAt) == null
      })
      if (live.length === 0) continue
      // Written as the undo manager "undoing", so it lands on the redo stack like an undo.
      um.undoing = true
      try {
        this.doc.transact(() => {
          for (const id of live) deleteNote(this.doc, id, { origin: um })
        }, um)
      } finally {
        um.undoing = false
      }
      this.emit()
      return true
    }
    return false
  }

  /** Make the last undone change again. */
  redo(): boolean {
    return this.manager.redo() !== null
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.dispose()
    this.manager.destroy()
    this.listeners.clear()
  }

  private emit() {
    for (const l of this.listeners) l()
  }
}
