/**
 * What the canvas's buttons and keys do. Each is one call of a shared writer with
 * UI_ORIGIN; the binding then draws the result like any other change of the document.
 */
import {
  COLUMN_HEADER,
  columnRegion,
  createCluster,
  mergeThemes,
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
import { revealNotes } from './drawnNotes'
import { freshNotes } from './freshNotes'
import {
  clusterColumn,
  clusterIdOf,
  clusterShapeId,
  frameAround,
  noteIdOf,
  noteShapeId,
} from './mapping'
import { noteOrder, stepNote } from './noteOrder'
import { CLUSTER_SHAPE, type ClusterShape, NOTE_SHAPE, type NoteShape } from './shapeTypes'

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
  // The column's end may be far from the view on a big board: draw the note wherever it is.
  revealNotes(editor, [id])
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

/** The note ] or [ last selected: Escape in its toolbar keeps it selected [F3.9]. */
let stepped: string | null = null

/** The note the keyboard last stepped to (] or [), if any. */
export function steppedNote(): string | null {
  return stepped
}

/**
 * Select the next (1) or previous (-1) note by keyboard, column by column in reading order, and
 * bring it into view [F3.9]; its id, or null on a board without notes.
 */
export function stepSelection(
  editor: Editor,
  board: BoardContextValue,
  dir: 1 | -1,
): string | null {
  const current = selectedNotes(editor)[0]
  const order = noteOrder(board.store.get().notes.values(), board.meta.columns)
  const next = stepNote(order, current ? noteIdOf(current.id) : null, dir)
  if (!next) return null
  const sid = noteShapeId(next.id)
  revealNotes(editor, [next.id])
  editor.select(sid)
  bringIntoView(editor, sid)
  stepped = next.id
  return next.id
}

/**
 * Put the keyboard in the selection's toolbar: on the kind when the notes' column offers kinds,
 * else on the first lever. After the toolbar has drawn the new selection.
 */
export function focusSelectionToolbar(): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const bar = document.querySelector<HTMLElement>(
        '.selection-toolbar[aria-label="Selected notes"]',
      )
      const target =
        bar?.querySelector<HTMLElement>('[data-field="kind"]') ??
        bar?.querySelector<HTMLElement>('button, select')
      target?.focus()
    }),
  )
}

export function selectedThemes(editor: Editor): ClusterShape[] {
  return editor.getSelectedShapes().filter((s): s is ClusterShape => s.type === CLUSTER_SHAPE)
}

/**
 * Merge the selected themes into the one holding the most notes [F11.9]: themes sent from
 * several rooms become one plenary theme that keeps every source.
 */
export function mergeSelectedThemes(editor: Editor, board: BoardContextValue): string | null {
  if (!mayArrangeThemes(board)) return null
  const ids = selectedThemes(editor).map((s) => clusterIdOf(s.id))
  if (ids.length < 2) return null
  const into = [...ids].sort((a, b) => membersOf(board, b) - membersOf(board, a))[0]!
  mergeThemes(
    board.doc,
    into,
    ids.filter((id) => id !== into),
    { origin: UI_ORIGIN },
  )
  editor.select(clusterShapeId(into))
  return into
}

/** Live notes in a theme. */
function membersOf(board: BoardContextValue, clusterId: string): number {
  let n = 0
  for (const note of board.store.get().notes.values()) {
    if (note.clusterId === clusterId && note.deletedAt === null) n++
  }
  return n
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
