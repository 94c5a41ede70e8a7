/**
 * By selected themes (no notes among them): send them to the plenary with their notes, and
 * on any board merge two or more into one (F11.9) — themes sent from several rooms become one
 * plenary theme. Facilitators only; nothing shows for others. Placed as the notes' toolbar is:
 * above the selection, or below it when there is no room above.
 */
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { mayArrangeThemes } from '../board/selectors'
import { SendToPlenaryButton } from '../plenary/SendToPlenaryButton'
import { mergeSelectedThemes, selectedNotes, selectedThemes } from './actions'
import { clusterIdOf } from './mapping'
import { ABOVE_OR_BELOW, usePlacedNear } from './usePlacedNear'

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
    const top = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
    const bottom = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY })
    const view = editor.getViewportScreenBounds()
    return {
      ids: themes.map((t) => clusterIdOf(t.id)),
      box: { left: top.x, top: top.y, right: bottom.x, bottom: bottom.y },
      view: { w: view.w, h: view.h },
    }
  }, [editor])

  const ref = usePlacedNear<HTMLDivElement>(state, ABOVE_OR_BELOW)

  if (!state || !mayArrangeThemes(board)) return null
  return (
    <div
      ref={ref}
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selected themes"
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
