/**
 * The canvas's own controls, in the board's dock under the canvas (not over it): a new note
 * and zoom. A new note has no lever until its writer picks one beside it.
 */
import { createPortal } from 'react-dom'
import { useEditor, useValue } from 'tldraw'
import { useDockSlot } from '../app/dock'
import { useBoard } from '../board/BoardContext'
import { mayPost } from '../board/selectors'
import { addNote } from './actions'
import { fitBoard } from './camera'
import { targetColumn } from './placement'

export function CanvasToolbar() {
  const editor = useEditor()
  const board = useBoard()
  const slot = useDockSlot()
  const zoom = useValue('zoom', () => Math.round(editor.getZoomLevel() * 100), [editor])
  const writable = mayPost(board)
  if (!slot) return null
  return createPortal(
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      {writable && (
        <button
          type="button"
          className="btn primary"
          title="New note (N, or 1 / 2 / 3 for a column)"
          onClick={() =>
            addNote(editor, board, targetColumn(board.meta, editor.getViewportPageBounds().center))
          }
        >
          + New note
        </button>
      )}
      <div className="zoom-controls">
        <button
          type="button"
          className="btn icon"
          aria-label="Zoom out"
          onClick={() => editor.zoomOut()}
        >
          −
        </button>
        <span className="zoom-level" aria-live="polite">
          {zoom}%
        </span>
        <button
          type="button"
          className="btn icon"
          aria-label="Zoom in"
          onClick={() => editor.zoomIn()}
        >
          +
        </button>
        <button
          type="button"
          className="btn"
          title="Show all the notes"
          onClick={() => fitBoard(editor, board.meta, true)}
        >
          Fit
        </button>
      </div>
    </div>,
    slot,
  )
}
