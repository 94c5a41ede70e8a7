/** Which key presses are undo and redo, and where they belong to the board's history. */

export type UndoKey = 'undo' | 'redo' | null

/** Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo (by key, or by code on other layouts). */
export function undoKeyOf(e: {
  key: string
  code?: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}): UndoKey {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null
  const key = e.key.toLowerCase()
  const z = key === 'z' || (e.code === 'KeyZ' && !/^[a-z]$/.test(key))
  const y = key === 'y' || (e.code === 'KeyY' && !/^[a-z]$/.test(key))
  if (z) return e.shiftKey ? 'redo' : 'undo'
  if (y && e.ctrlKey && !e.shiftKey) return 'redo'
  return null
}

/**
 * A text field whose text is board text (a note's editor, bound to its Y.Text): undo there
 * is the board's. Any other field (a form input) keeps the browser's own undo.
 */
export const BOARD_TEXT_SELECTOR = '.note-editor, [data-board-text]'

export function fieldKeepsNativeUndo(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el?.tagName) return false
  const field = el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
  return field && !el.closest(BOARD_TEXT_SELECTOR)
}
