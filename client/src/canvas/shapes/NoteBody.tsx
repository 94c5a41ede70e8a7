/**
 * What a sticky shows: a band with its lever (stripe, shape and short name), its kind and the
 * dots of a vote, its text (cut with an ellipsis when it does not fit), and the author and
 * city, and on a copy from another room that room (and on the plenary whether it changed since
 * it was sent). The sizes follow the canvas's level of detail (useDetailLevel) through CSS.
 */
import { type PointerEvent, useContext, useLayoutEffect, useRef } from 'react'
import { useEditor, useValue } from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { NoteDots } from '../../facilitation/vote/NoteDots'
import { LeverGlyphImage } from '../../levers/LeverGlyph'
import { markOf } from '../../levers/marks'
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
  const { lever, leverLabel, leverColor, kind, kindLabel, author, city, column, locked } =
    shape.props
  const noteId = noteIdOf(shape.id)
  const noteRef = useRef<HTMLDivElement>(null)
  const textRef = useRef<HTMLDivElement>(null)
  const store = board?.store
  const shapeText = shape.props.text
  // The text as the document has it now, written into the sticky directly: typing (here or
  // elsewhere) renders nothing, since any React update inside one sticky walks its thousands of
  // siblings. The shape's own copy of the text catches up after a pause (the binding).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the text's element comes back when editing ends
  useLayoutEffect(() => {
    const show = () => {
      const text = store?.note(noteId)?.text ?? shapeText
      noteRef.current?.style.setProperty('--base', String(noteFontSize(text)))
      if (textRef.current) showText(textRef.current, text)
    }
    show()
    return store?.onNote(noteId, show)
  }, [store, noteId, shapeText, isEditing])
  // Buttons on a shape: keep tldraw from starting a selection or a drag under them.
  const keep = (e: PointerEvent) => {
    editor.markEventAsHandled(e)
    e.stopPropagation()
  }
  const dimmed = filter !== null && filter !== lever
  const mark = board ? markOf(board.meta.tags, lever) : undefined
  return (
    <div
      ref={noteRef}
      className={`note${dimmed ? ' dimmed' : ''}${isEditing ? ' editing' : ''}`}
      data-note-id={noteId}
      data-column={column}
      data-lever={lever}
      style={{
        background: noteBackground(leverColor),
        ['--lever' as string]: leverColor || '#c9bd7a',
      }}
    >
      <div className="note-band" title={leverLabel || 'No lever'}>
        {mark && <LeverGlyphImage shape={mark.shape} color={mark.color} size="1.1em" />}
        <span className="note-lever">{mark?.short ?? (leverLabel || 'No lever')}</span>
        {kindLabel && (
          <span className="note-kind" data-kind={kind} title={kindLabel}>
            {kindLabel}
          </span>
        )}
        {locked && (
          <span className="note-locked" title="Locked by the facilitator">
            Locked
          </span>
        )}
        {board && <NoteDots board={board} noteId={noteId} />}
      </div>
      {isEditing && board ? (
        <NoteEditor doc={board.doc} noteId={noteId} shapeId={shape.id} />
      ) : (
        <div ref={textRef} className="note-text" dir="auto" />
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
    </div>
  )
}

/** A sticky's text, or a placeholder when it has none (its element holds nothing else). */
function showText(el: HTMLElement, text: string) {
  if (text === '') {
    if (el.firstElementChild?.className === 'placeholder') return
    const p = document.createElement('span')
    p.className = 'placeholder'
    p.textContent = 'Empty note'
    el.replaceChildren(p)
  } else if (el.textContent !== text || el.firstElementChild) {
    el.textContent = text
  }
}
