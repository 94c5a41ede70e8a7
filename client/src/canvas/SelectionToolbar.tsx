/**
 * A small toolbar by the selected notes: the lever picker, the kind (when the notes share a
 * column that offers kinds), edit, make a theme, send to the plenary, delete (selected themes
 * alone get theirs, ThemeToolbar). Only what the person may do is shown. By keyboard, ] and [
 * step to the next note with the keyboard kept here, Escape gives it back to the canvas.
 * While a note is being written it shows the lever picker alone, so the writer picks the
 * lever in view (a new note starts with none). It stays inside the screen: above the
 * selection, or below it when there is no room above.
 */
import { kindsOf } from '@sensemaking/shared'
import type { KeyboardEvent } from 'react'
import { useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { mayArrangeThemes } from '../board/selectors'
import { LockSelectionButton } from '../facilitation/controls/LockSelectionButton'
import { NoteHistoryButton } from '../facilitation/history/NoteHistoryButton'
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
  steppedNote,
  stepSelection,
} from './actions'
import { KindPicker } from './KindPicker'
import { LeverPicker } from './LeverPicker'
import { clusterIdOf, noteIdOf } from './mapping'
import { ABOVE_OR_BELOW, usePlacedNear } from './usePlacedNear'

export function SelectionToolbar() {
  const editor = useEditor()
  const board = useBoard()
  const state = useValue('selection toolbar', () => {
    if (editor.isInAny('select.translating', 'select.resizing')) return null
    const notes = selectedNotes(editor)
    const bounds = editor.getSelectionPageBounds()
    if (notes.length === 0 || !bounds) return null
    const editing = editor.getEditingShapeId()
    if (editing !== null && (notes.length !== 1 || notes[0]!.id !== editing)) return null
    const top = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
    const bottom = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY })
    const view = editor.getViewportScreenBounds()
    const levers = new Set(notes.map((n) => n.props.lever))
    const columns = new Set(notes.map((n) => n.props.column))
    const kinds = new Set(notes.map((n) => n.props.kind))
    return {
      column: columns.size === 1 ? [...columns][0]! : undefined,
      kind: kinds.size === 1 ? [...kinds][0]! : undefined,
      ids: notes.map((n) => n.id),
      themes: selectedThemes(editor).map((t) => clusterIdOf(t.id)),
      // The shapes themselves: a lock or a theme's lock changes them, and this with them.
      notes,
      lever: levers.size === 1 ? [...levers][0]! : undefined,
      editing: editing !== null,
      box: { left: top.x, top: top.y, right: bottom.x, bottom: bottom.y },
      view: { w: view.w, h: view.h },
    }
  }, [editor])

  const ref = usePlacedNear<HTMLDivElement>(state, ABOVE_OR_BELOW)

  if (!state) return null
  const editable = state.notes.every((n) => mayEditShape(board, n))
  if (!editable) return null
  const lever = state.lever === undefined ? undefined : state.lever === '' ? null : state.lever
  // Kinds belong to a column: offered when every chosen note sits in one that has them.
  const kinds = state.column ? kindsOf(board.meta, state.column) : []
  const onKeyDown = (e: KeyboardEvent) => {
    if (state.editing) return
    if (e.key === ']' || e.key === '[') {
      e.preventDefault()
      e.stopPropagation()
      if (stepSelection(editor, board, e.key === ']' ? 1 : -1)) focusSelectionToolbar()
    } else if (e.key === 'Escape' && only && noteIdOf(only.id) === steppedNote()) {
      // Reached by ] or [: the keyboard goes back to the canvas, the note still selected. A
      // toolbar reached by the mouse lets Escape clear the selection, as on the canvas.
      e.stopPropagation()
      editor.getContainer().focus()
    }
  }
  const only = state.notes.length === 1 && !state.editing ? state.notes[0]! : null
  const onlyColumn = board.meta.columns.find((c) => c.id === only?.props.column)
  return (
    <div
      ref={ref}
      className={`selection-toolbar${state.editing ? ' writing' : ''}`}
      role="toolbar"
      aria-label={state.editing ? 'Lever of this note' : 'Selected notes'}
      onPointerDown={(e) => e.stopPropagation()}
      // Keep the caret in the note being written while its lever is picked.
      onMouseDown={(e) => {
        if (state.editing) e.preventDefault()
      }}
      onKeyDownCapture={onKeyDown}
    >
      <span className="sr-only" aria-live="polite">
        {only
          ? `Selected: ${only.props.text || 'empty note'}, ${onlyColumn?.title ?? 'parking lot'}`
          : ''}
      </span>
      <LeverPicker
        tags={board.meta.tags}
        value={lever}
        label={state.editing ? 'Lever of this note' : 'Lever of the selected notes'}
        onPick={(l) => setLeverOfSelection(editor, board, l)}
      />
      {!state.editing && kinds.length > 0 && (
        <KindPicker
          kinds={kinds}
          value={state.kind === undefined ? undefined : state.kind === '' ? null : state.kind}
          onPick={(k) => setKindOfSelection(editor, board, k)}
        />
      )}
      {!state.editing && state.ids.length === 1 && (
        <button
          type="button"
          className="btn small"
          onClick={() => startEditing(editor, state.ids[0]!)}
        >
          Edit
        </button>
      )}
      {!state.editing && <LockSelectionButton />}
      {!state.editing && board.role === 'facilitator' && state.ids.length === 1 && (
        <NoteHistoryButton noteId={noteIdOf(state.ids[0]!)} />
      )}
      {!state.editing && (
        <SendToPlenaryButton notes={state.ids.map(noteIdOf)} themes={state.themes} />
      )}
      {!state.editing && mayArrangeThemes(board) && (
        <button type="button" className="btn small" onClick={() => makeTheme(editor, board)}>
          Make theme
        </button>
      )}
      {!state.editing && (
        <button
          type="button"
          className="btn small danger"
          aria-label="Delete the selected notes"
          onClick={() => editor.deleteShapes(state.ids)}
        >
          Delete
        </button>
      )}
    </div>
  )
}
