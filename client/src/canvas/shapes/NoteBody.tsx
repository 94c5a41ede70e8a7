/** What a sticky shows: its lever (band and label), its text, its author and city. */
import { useContext } from 'react'
import { useEditor, useValue } from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { useUiStore } from '../../store/uiStore'
import { noteIdOf } from '../mapping'
import type { NoteShape } from '../shapeTypes'
import { NoteEditor } from './NoteEditor'
import { noteBackground, noteFontSize } from './noteStyle'

/** Below this zoom the label and byline are unreadable anyway; drawing less keeps panning fast. */
const DETAIL_ZOOM = 0.3

export function NoteBody({ shape }: { shape: NoteShape }) {
  const editor = useEditor()
  const board = useContext(BoardContext)
  const isEditing = useValue('note editing', () => editor.getEditingShapeId() === shape.id, [
    editor,
    shape.id,
  ])
  const detailed = useValue('note detail', () => editor.getEfficientZoomLevel() >= DETAIL_ZOOM, [
    editor,
  ])
  const filter = useUiStore((s) => s.leverFilter)
  const { text, lever, leverLabel, leverColor, author, city, column } = shape.props
  const noteId = noteIdOf(shape.id)
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
        {detailed && <span className="note-lever">{leverLabel || 'No lever'}</span>}
      </div>
      {isEditing && board ? (
        <NoteEditor doc={board.doc} noteId={noteId} shapeId={shape.id} fontSize={fontSize} />
      ) : (
        <div className="note-text" dir="auto" style={{ fontSize }}>
          {text === '' && detailed ? <span className="placeholder">Empty note</span> : text}
        </div>
      )}
      {detailed && (
        <div className="note-byline" dir="auto">
          {author}
          {city && <span className="note-city"> · {city}</span>}
        </div>
      )}
    </div>
  )
}
