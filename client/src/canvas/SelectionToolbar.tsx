/**
 * A small toolbar above the selected notes: the lever picker, the kind (when the notes share a
 * column that offers kinds), edit, make a theme, send to the plenary, delete. Selected themes
 * alone get theirs (ThemeToolbar). Only what the person may do is shown.
 */
import { kindsOf } from '@sensemaking/shared'
import type { KeyboardEvent } from 'react'
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { mayArrangeThemes } from '../board/selectors'
import { LockSelectionButton } from '../facilitation/controls/LockSelectionButton'
import { SendToPlenaryButton } from '../plenary/SendToPlenaryButton'
import {
  focusSelectionToolbar,
  makeTheme,
  mayEditShape,
  selectedNotes,
  selectedThemes,
  setKindOfSelection,
  setLeverOfSelection,
  startEditing,
  stepSelection,
} from './actions'
import { KindPicker } from './KindPicker'
import { LeverPicker } from './LeverPicker'
import { clusterIdOf, noteIdOf } from './mapping'

export function SelectionToolbar() {
  const editor = useEditor()
  const board = useBoard()
  const state = useValue('selection toolbar', () => {
    if (
      editor.getEditingShapeId() !== null ||
      editor.isInAny('select.translating', 'select.resizing')
    ) {
      return null
    }
    const notes = selectedNotes(editor)
    const bounds = editor.getSelectionPageBounds()
    if (notes.length === 0 || !bounds) return null
    const themes = selectedThemes(editor).map((t) => clusterIdOf(t.id))
    const top = editor.pageToViewport({ x: bounds.center.x, y: bounds.minY })
    const levers = new Set(notes.map((n) => n.props.lever))
    const columns = new Set(notes.map((n) => n.props.column))
    const kinds = new Set(notes.map((n) => n.props.kind))
    return {
      column: columns.size === 1 ? [...columns][0]! : undefined,
      kind: kinds.size === 1 ? [...kinds][0]! : undefined,
      ids: notes.map((n) => n.id),
      themes,
      // The shapes themselves: a lock or a theme's lock changes them, and this with them.
      notes,
      lever: levers.size === 1 ? [...levers][0]! : undefined,
      x: top.x,
      y: top.y,
    }
  }, [editor])
  if (!state) return null
  const editable = state.notes.every((n) => mayEditShape(board, n))
  if (!editable) return null
  // By keyboard: ] and [ step to the next note, the toolbar keeping the keyboard; Escape
  // gives it back to the canvas, the notes still selected.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === ']' || e.key === '[') {
      e.preventDefault()
      e.stopPropagation()
      if (stepSelection(editor, board, e.key === ']' ? 1 : -1)) focusSelectionToolbar()
    } else if (e.key === 'Escape') {
      e.stopPropagation()
      editor.getContainer().focus()
    }
  }
  const only = state.notes.length === 1 ? state.notes[0]! : null
  const column = board.meta.columns.find((c) => c.id === only?.props.column)
  const lever = state.lever === undefined ? undefined : state.lever === '' ? null : state.lever
  // Kinds belong to a column: offered when every chosen note sits in one that has them.
  const kinds = state.column ? kindsOf(board.meta, state.column) : []
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selected notes"
      style={{ left: state.x, top: Math.max(8, state.y - 12) }}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDownCapture={onKeyDown}
    >
      <span className="sr-only" aria-live="polite">
        {only
          ? `Selected: ${only.props.text || 'empty note'}, ${column?.title ?? 'parking lot'}`
          : ''}
      </span>
      <LeverPicker
        tags={board.meta.tags}
        value={lever}
        label="Lever of the selected notes"
        onPick={(l) => setLeverOfSelection(editor, board, l)}
      />
      {kinds.length > 0 && (
        <KindPicker
          kinds={kinds}
          value={state.kind === undefined ? undefined : state.kind === '' ? null : state.kind}
          onPick={(k) => setKindOfSelection(editor, board, k)}
        />
      )}
      {state.ids.length === 1 && (
        <button
          type="button"
          className="btn small"
          onClick={() => startEditing(editor, state.ids[0]!)}
        >
          Edit
        </button>
      )}
      <LockSelectionButton />
      <SendToPlenaryButton notes={state.ids.map(noteIdOf)} themes={state.themes} />
      {mayArrangeThemes(board) && (
        <button type="button" className="btn small" onClick={() => makeTheme(editor, board)}>
          Make theme
        </button>
      )}
      <button
        type="button"
        className="btn small danger"
        aria-label="Delete the selected notes"
        onClick={() => editor.deleteShapes(state.ids)}
      >
        Delete
      </button>
    </div>
  )
}
