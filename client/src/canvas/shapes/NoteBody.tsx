/** What a sticky shows: its lever (band and label) and kind, its text, its author and city. */
import { type PointerEvent, useContext } from 'react'
import { useEditor, useValue } from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { NoteDots } from '../../facilitation/vote/NoteDots'
import { CopyLine } from '../../plenary/CopyLine'
import { useUiStore } from '../../store/uiStore'
import { exportBoardOf } from '../exportBoard'
import { noteIdOf } from '../mapping'
import type { NoteShape } from '../shapeTypes'
import { NoteEditor } from './NoteEditor'
import { noteBackground, noteFontSize } from './noteStyle'

export function NoteBody({ shape }: { shape: NoteShape }) {
  const editor = useEditor()
  // An image export renders outside the page's tree: the board is found through the editor.
  const board = useContext(BoardContext) ?? exportBoardOf(editor)
  const isEditing = useValue('note editing', () => editor.getEditingShapeId() === shape.id, [
    editor,
    shape.id,
  ])
  const filter = useUiStore((s) => s.leverFilter)
  const { text, lever, leverLabel, leverColor, kind, kindLabel, author, city, column, locked } =
    shape.props
  const noteId = noteIdOf(shape.id)
  // Buttons on a shape: keep tldraw from starting a selection or a drag under them.
  const keep = (e: PointerEvent) => {
    editor.markEventAsHandled(e)
    e.stopPropagation()
  }
  const dimmed = filter !== null && filter !== lever
  const fontSize = noteFontSize(text)
  return (
    <div
      className={`note${dimmed ? ' dimmed' : ''}${isEditing ? ' editing' : ''}`}
      data-note-id={noteId}
      data-column={column}
      data-lever={lever}
      style={{
        background: noteBackground(leverColor),
        ['--lever' as string]: leverColor || '#c9bd7a',
      }}
    >
      <div className="note-band">
        <span className="note-lever">{leverLabel || 'No lever'}</span>
        {kindLabel && (
          <span className="note-kind" data-kind={kind}>
            {kindLabel}
          </span>
        )}
        {locked && (
          <span className="note-locked" title="Locked by the facilitator">
            Locked
          </span>
        )}
      </div>
      {isEditing && board ? (
        <NoteEditor doc={board.doc} noteId={noteId} shapeId={shape.id} fontSize={fontSize} />
      ) : (
        <div className="note-text" dir="auto" style={{ fontSize }}>
          {text === '' ? <span className="placeholder">Empty note</span> : text}
        </div>
      )}
      <div className="note-byline" dir="auto">
        {author}
        {city && <span className="note-city"> · {city}</span>}
      </div>
      {shape.props.sourceRoom && board && (
        <CopyLine
          note={{ id: noteId, source: board.store.note(noteId)?.source ?? null }}
          onPointerDown={keep}
        />
      )}
      {board && <NoteDots board={board} noteId={noteId} />}
    </div>
  )
}
