/**
 * A plain textarea bound to a note's Y.Text: every change is written as the smallest splice
 * (setText), so two people typing in one note merge character by character [F3.4], and
 * other people's edits move our caret the way they move the text.
 */
import { deleteNote, noteText } from '@sensemaking/shared'
import { useEffect } from 'react'
import { type TLShapeId, useEditor } from 'tldraw'
import type * as Y from 'yjs'
import { UI_ORIGIN } from '../../board/origins'
import { useYTextBinding } from '../../board/useYTextBinding'
import { freshNotes } from '../freshNotes'

export function NoteEditor({
  doc,
  noteId,
  shapeId,
}: {
  doc: Y.Doc
  noteId: string
  shapeId: TLShapeId
}) {
  const editor = useEditor()
  const { value, ref, write } = useYTextBinding(doc, noteId, { uncontrolled: true })

  // Focus on mount with the caret at the end; an empty new note is dropped when left empty.
  useEffect(() => {
    const el = ref.current
    const focus = () => {
      if (!el || document.activeElement === el) return
      el.focus()
      el.setSelectionRange(el.value.length, el.value.length)
    }
    focus()
    // A double click ends with tldraw focusing its container after we mounted: take it back.
    const frame = requestAnimationFrame(focus)
    const later = setTimeout(focus, 60)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(later)
      if (!freshNotes.has(noteId)) return
      freshNotes.delete(noteId)
      try {
        if (noteText(doc, noteId).toString().trim() === '') {
          deleteNote(doc, noteId, { origin: UI_ORIGIN })
        }
      } catch {
        // The note is gone already.
      }
    }
  }, [doc, noteId, ref])

  function finish() {
    editor.setEditingShape(null)
    editor.setCurrentTool('select.idle')
    editor.select(shapeId)
    editor.getContainer().focus()
  }

  return (
    <textarea
      ref={ref}
      className="note-editor"
      dir="auto"
      aria-label="Note text"
      defaultValue={value}
      onChange={(e) => write(e.target.value)}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (
          (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) ||
          e.key === 'Escape'
        ) {
          e.preventDefault()
          finish()
        }
      }}
      onPointerDown={(e) => e.stopPropagation()}
    />
  )
}
