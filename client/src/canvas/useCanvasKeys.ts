/**
 * Keyboard first: N makes a note in the active or central column, 1 / 2 / 3… in that
 * column; ] and [ select the next and previous note and put the keyboard in its toolbar (its
 * kind, lever, edit…) [F3.9]. Keys typed into a text field, or while a note is edited, are left
 * alone.
 */
import { useEffect } from 'react'
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { addNote, focusSelectionToolbar, stepSelection } from './actions'
import { columnOfKey, targetColumn } from './placement'

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el?.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function useCanvasKeys(editor: Editor | null, board: BoardContextValue): void {
  useEffect(() => {
    if (!editor) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return
      if (editor.getEditingShapeId() !== null) return
      if (e.key === ']' || e.key === '[') {
        e.preventDefault()
        if (stepSelection(editor, board, e.key === ']' ? 1 : -1)) focusSelectionToolbar()
        return
      }
      let column: string | null | undefined
      if (e.key === 'n' || e.key === 'N') {
        column = targetColumn(board.meta, editor.getViewportPageBounds().center)
      } else {
        column = columnOfKey(board.meta, e.key)
        if (column === undefined) return
      }
      e.preventDefault()
      addNote(editor, board, column)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [editor, board])
}
