/**
 * What the canvas's buttons and keys do. Each is one call of a shared writer with
 * UI_ORIGIN; the binding then draws the result like any other change of the document.
 */
import { createCluster, createNote, renameCluster, setLever } from '@sensemaking/shared'
import type { Editor, TLShapeId } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { UI_ORIGIN } from '../board/origins'
import { canArrangeThemes, canEditNote, canWrite, type Permissions } from '../board/permissions'
import { useUiStore } from '../store/uiStore'
import { freshNotes } from './freshNotes'
import { clusterColumn, clusterShapeId, frameAround, noteIdOf, noteShapeId } from './mapping'
import { NOTE_SHAPE, type NoteShape } from './shapeTypes'

export function permissionsOf(board: BoardContextValue): Permissions {
  return { role: board.role, userId: board.user.id, locked: board.meta.locked }
}

/** Enter the editing state of a shape, as a double click would. */
export function startEditing(editor: Editor, id: TLShapeId): void {
  const shape = editor.getShape(id)
  if (!shape || !editor.canEditShape(shape)) return
  editor.select(id)
  editor.setEditingShape(id)
  editor.setCurrentTool('select.editing_shape', { target: 'shape', shape } as never)
}

/** Scroll so that a shape is in view (gently), unless it already is. */
function reveal(editor: Editor, id: TLShapeId) {
  const bounds = editor.getShapePageBounds(id)
  if (!bounds) return
  if (editor.getViewportPageBounds().contains(bounds)) return
  editor.centerOnPoint(bounds.center, { animation: { duration: 220 } })
}

/** A new sticky in a column, by this person, with the default lever, text in focus. */
export function addNote(
  editor: Editor,
  board: BoardContextValue,
  column: string | null,
): string | null {
  if (!canWrite(permissionsOf(board))) return null
  const wanted = useUiStore.getState().defaultLever
  const lever = board.meta.tags.some((t) => t.id === wanted) ? wanted : null
  const id = createNote(
    board.doc,
    {
      column,
      lever,
      author: board.user.name,
      city: board.user.city,
      authorId: board.user.id,
    },
    { origin: UI_ORIGIN },
  )
  freshNotes.add(id)
  const sid = noteShapeId(id)
  reveal(editor, sid)
  startEditing(editor, sid)
  return id
}

export function selectedNotes(editor: Editor): NoteShape[] {
  return editor.getSelectedShapes().filter((s): s is NoteShape => s.type === NOTE_SHAPE)
}

/** Tag every selected note this person may edit, in one transaction. */
export function setLeverOfSelection(
  editor: Editor,
  board: BoardContextValue,
  lever: string | null,
): void {
  const perms = permissionsOf(board)
  const notes = selectedNotes(editor).filter((s) => canEditNote(perms, s.props.authorId))
  board.doc.transact(() => {
    for (const s of notes) setLever(board.doc, noteIdOf(s.id), lever, { origin: UI_ORIGIN })
  }, UI_ORIGIN)
}

/** A named theme framing the selected notes; its title is put in editing at once. */
export function makeTheme(
  editor: Editor,
  board: BoardContextValue,
  title = 'New theme',
): string | null {
  if (!canArrangeThemes(permissionsOf(board))) return null
  const notes = selectedNotes(editor)
  if (notes.length === 0) return null
  const frame = frameAround(notes)
  const id = createCluster(
    board.doc,
    {
      title,
      column: clusterColumn(board.meta, frame),
      ...frame,
      noteIds: notes.map((s) => noteIdOf(s.id)),
    },
    { origin: UI_ORIGIN },
  )
  startEditing(editor, clusterShapeId(id))
  return id
}

export function renameTheme(board: BoardContextValue, clusterId: string, title: string): void {
  renameCluster(board.doc, clusterId, title, { origin: UI_ORIGIN })
}
