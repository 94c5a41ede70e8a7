/**
 * What the canvas's buttons and keys do. Each is one call of a shared writer with
 * UI_ORIGIN; the binding then draws the result like any other change of the document.
 */
import {
  COLUMN_HEADER,
  columnRegion,
  createCluster,
  moveNotes,
  renameCluster,
  setKind,
  setLever,
} from '@sensemaking/shared'
import type { Editor, TLShapeId } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { UI_ORIGIN } from '../board/origins'
import { noteAccess } from '../board/refusals'
import { actorOf, mayArrangeThemes, mayPost, policyOf } from '../board/selectors'
import { addNoteOrDraft } from '../private/addNoteOrDraft'
import { bringIntoView } from './camera'
import { freshNotes } from './freshNotes'
import { clusterColumn, clusterShapeId, frameAround, noteIdOf, noteShapeId } from './mapping'
import { NOTE_SHAPE, type NoteShape } from './shapeTypes'

/** Enter the editing state of a shape, as a double click would. */
export function startEditing(editor: Editor, id: TLShapeId): void {
  const shape = editor.getShape(id)
  if (!shape || !editor.canEditShape(shape)) return
  editor.select(id)
  editor.setEditingShape(id)
  editor.setCurrentTool('select.editing_shape', { target: 'shape', shape } as never)
}

/**
 * A new sticky in a column, by this person, untagged, text in focus: the lever is picked in
 * view while writing (SelectionToolbar), never carried over from the last note. The camera
 * stays unless the note would be off screen; then it pans, keeping the zoom.
 */
export function addNote(
  editor: Editor,
  board: BoardContextValue,
  column: string | null,
): string | null {
  if (!mayPost(board)) return null
  // While private writing is on, the note is a draft on this device (shown in the top bar).
  const added = addNoteOrDraft(board, { column, lever: null })
  if (added?.kind !== 'note') return null
  const id = added.id
  freshNotes.add(id)
  const sid = noteShapeId(id)
  bringIntoView(editor, sid)
  startEditing(editor, sid)
  return id
}

/** May this person edit the note behind a sticky, as the board stands now [F12]? */
export function mayEditShape(board: BoardContextValue, shape: NoteShape): boolean {
  const note = board.store.note(noteIdOf(shape.id))
  if (!note) return false
  const policy = policyOf(board.store.get())
  return noteAccess(actorOf(board), policy, note, board.store.lockedThemes()).canEdit
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
  const notes = selectedNotes(editor).filter((s) => mayEditShape(board, s))
  board.doc.transact(() => {
    for (const s of notes) setLever(board.doc, noteIdOf(s.id), lever, { origin: UI_ORIGIN })
  }, UI_ORIGIN)
}

/** Give every selected note this person may edit one kind of their column, in one transaction [F3.9]. */
export function setKindOfSelection(
  editor: Editor,
  board: BoardContextValue,
  kind: string | null,
): void {
  const notes = selectedNotes(editor).filter((s) => mayEditShape(board, s))
  board.doc.transact(() => {
    for (const s of notes) setKind(board.doc, noteIdOf(s.id), kind, { origin: UI_ORIGIN })
  }, UI_ORIGIN)
}

/** A named theme framing the selected notes; its title is put in editing at once. */
export function makeTheme(
  editor: Editor,
  board: BoardContextValue,
  title = 'New theme',
): string | null {
  if (!mayArrangeThemes(board)) return null
  const notes = selectedNotes(editor)
  if (notes.length === 0) return null
  let frame = frameAround(notes)
  const column = clusterColumn(board.meta, frame)
  // Notes at the top of a column would put the theme's title over the column's header:
  // move the group down by as much, in the same transaction.
  const top = columnRegion(board.meta.columns, column).y + COLUMN_HEADER
  const dy = Math.max(0, top - frame.y)
  if (dy > 0) frame = { ...frame, y: frame.y + dy }
  let id = ''
  board.doc.transact(() => {
    if (dy > 0) {
      moveNotes(
        board.doc,
        notes.map((s) => ({ id: noteIdOf(s.id), x: s.x, y: s.y + dy })),
        { origin: UI_ORIGIN },
      )
    }
    id = createCluster(
      board.doc,
      { title, column, ...frame, noteIds: notes.map((s) => noteIdOf(s.id)) },
      { origin: UI_ORIGIN },
    )
  }, UI_ORIGIN)
  startEditing(editor, clusterShapeId(id))
  return id
}

export function renameTheme(board: BoardContextValue, clusterId: string, title: string): void {
  renameCluster(board.doc, clusterId, title, { origin: UI_ORIGIN })
}
