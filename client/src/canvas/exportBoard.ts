/**
 * The board behind an editor, for what tldraw renders outside the page's React tree: an image
 * export draws every shape in a root of its own, where no BoardContext reaches, so a sticky
 * finds its board (its dots, above all) here instead.
 */
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'

const boards = new WeakMap<Editor, BoardContextValue>()

/** Keep the board of a mounted canvas up to date (the page calls it on every change). */
export function setExportBoard(editor: Editor, board: BoardContextValue): () => void {
  boards.set(editor, board)
  return () => {
    if (boards.get(editor) === board) boards.delete(editor)
  }
}

/** The board of an editor's canvas, or null when none is mounted. */
export function exportBoardOf(editor: Editor): BoardContextValue | null {
  return boards.get(editor) ?? null
}
