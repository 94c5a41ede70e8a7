/**
 * What the rest of the canvas may ask of the binding's window (noteWindow.ts): a note that an
 * action is about to select, edit or bring into view is drawn at once, wherever it is; an
 * image export or a select-all draws every note while it runs.
 */
import type { Editor } from 'tldraw'

export interface NoteDrawing {
  /** Draw these notes now and keep them drawn a few seconds (then while selected or in view). */
  reveal(ids: readonly string[]): void
  /** Draw every note until the returned function is called. */
  drawEvery(): () => void
}

const drawings = new WeakMap<Editor, NoteDrawing>()

/** The binding of a mounted canvas registers here (returns the unregister). */
export function setNoteDrawing(editor: Editor, drawing: NoteDrawing): () => void {
  drawings.set(editor, drawing)
  return () => {
    if (drawings.get(editor) === drawing) drawings.delete(editor)
  }
}

/** Draw these notes now (before selecting one, editing it or bringing it into view). */
export function revealNotes(editor: Editor, ids: readonly string[]): void {
  drawings.get(editor)?.reveal(ids)
}

/** Run `fn` with every note of the board drawn (an export of the whole board). */
export async function withEveryNote<T>(editor: Editor, fn: () => Promise<T>): Promise<T> {
  const release = drawings.get(editor)?.drawEvery()
  try {
    return await fn()
  } finally {
    release?.()
  }
}

/** Run `fn` with every note drawn, and let the notes it selected stay drawn (select-all). */
export function withEveryNoteNow(editor: Editor, fn: () => void): void {
  const release = drawings.get(editor)?.drawEvery()
  try {
    fn()
  } finally {
    release?.()
  }
}
