/** The canvas's own controls: a new note, the lever new notes get, and zoom. */
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { mayPost } from '../board/selectors'
import { useUiStore } from '../store/uiStore'
import { addNote } from './actions'
import { fitColumns } from './camera'
import { targetColumn } from './placement'

export function CanvasToolbar() {
  const editor = useEditor()
  const board = useBoard()
  const defaultLever = useUiStore((s) => s.defaultLever)
  const setDefaultLever = useUiStore((s) => s.setDefaultLever)
  const zoom = useValue('zoom', () => Math.round(editor.getZoomLevel() * 100), [editor])
  const writable = mayPost(board)
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      {writable && (
        <>
          <button
            type="button"
            className="btn primary"
            title="New note (N, or 1 / 2 / 3 for a column)"
            onClick={() =>
              addNote(
                editor,
                board,
                targetColumn(board.meta, editor.getViewportPageBounds().center),
              )
            }
          >
            + New note
          </button>
          <label className="default-lever">
            <span>New notes get</span>
            <select
              value={defaultLever ?? ''}
              onChange={(e) => setDefaultLever(e.target.value === '' ? null : e.target.value)}
            >
              <option value="">no lever</option>
              {board.meta.tags.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
        </>
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
        <button type="button" className="btn" onClick={() => fitColumns(editor, board.meta, true)}>
          Fit
        </button>
      </div>
    </div>
  )
}
