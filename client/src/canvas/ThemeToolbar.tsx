/**
 * Above selected themes (no notes among them): send them to the plenary with their notes, and
 * on any board merge two or more into one (F11.9) — themes sent from several rooms become one
 * plenary theme. Facilitators only; nothing shows for others.
 */
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { mayArrangeThemes } from '../board/selectors'
import { SendToPlenaryButton } from '../plenary/SendToPlenaryButton'
import { mergeSelectedThemes, selectedNotes, selectedThemes } from './actions'
import { clusterIdOf } from './mapping'

export function ThemeToolbar() {
  const editor = useEditor()
  const board = useBoard()
  const state = useValue('theme toolbar', () => {
    if (
      editor.getEditingShapeId() !== null ||
      editor.isInAny('select.translating', 'select.resizing') ||
      selectedNotes(editor).length > 0
    ) {
      return null
    }
    const themes = selectedThemes(editor)
    const bounds = editor.getSelectionPageBounds()
    if (themes.length === 0 || !bounds) return null
    const top = editor.pageToViewport({ x: bounds.center.x, y: bounds.minY })
    return { ids: themes.map((t) => clusterIdOf(t.id)), x: top.x, y: top.y }
  }, [editor])
  if (!state || !mayArrangeThemes(board)) return null
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selected themes"
      style={{ left: state.x, top: Math.max(8, state.y - 12) }}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <SendToPlenaryButton notes={[]} themes={state.ids} />
      {state.ids.length > 1 && (
        <button
          type="button"
          className="btn small"
          onClick={() => mergeSelectedThemes(editor, board)}
        >
          Merge {state.ids.length} themes
        </button>
      )}
    </div>
  )
}
