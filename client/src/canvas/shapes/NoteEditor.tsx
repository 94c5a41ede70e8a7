/**
 * A plain textarea bound to a note's Y.Text: every change is written as the smallest splice
 * (setText), so two people typing in one note merge character by character [F3.4], and
 * other people's edits move our caret the way they move the text.
 */
import { deleteNote, noteText, setText } from '@sensemaking/shared'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { type TLShapeId, useEditor } from 'tldraw'
import type * as Y from 'yjs'
import { UI_ORIGIN } from '../../board/origins'
import { transformIndex } from '../caret'
import { freshNotes } from '../freshNotes'

export function NoteEditor({
  doc,
  noteId,
  shapeId,
  fontSize,
}: {
  doc: Y.Doc
  noteId: string
  shapeId: TLShapeId
  fontSize: number
}) {
  const editor = useEditor()
  const ytext = useMemo(() => {
    try {
      return noteText(doc, noteId)
    } catch {
      return null
    }
  }, [doc, noteId])
  const [value, setValue] = useState(() => ytext?.toString() ?? '')
  const ref = useRef<HTMLTextAreaElement>(null)
  const writing = useRef(false)
  const selection = useRef<[number, number] | null>(null)

  useEffect(() => {
    if (!ytext) return
    const onChange = (e: Y.YTextEvent) => {
      const el = ref.current
      if (el && !writing.current) {
        const delta = e.delta as Array<{ retain?: number; insert?: unknown; delete?: number }>
        selection.current = [
          transformIndex(el.selectionStart, delta),
          transformIndex(el.selectionEnd, delta),
        ]
      }
      setValue(ytext.toString())
    }
    ytext.observe(onChange)
    setValue(ytext.toString())
    return () => ytext.unobserve(onChange)
  }, [ytext])

  // Runs after every render: a remote edit re-rendered the value and moved our caret.
  useLayoutEffect(() => {
    const el = ref.current
    if (el && selection.current) {
      el.setSelectionRange(selection.current[0], selection.current[1])
      selection.current = null
    }
  })

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
  }, [doc, noteId])

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
      value={value}
      style={{ fontSize }}
      onChange={(e) => {
        writing.current = true
        try {
          setText(doc, noteId, e.target.value, { origin: UI_ORIGIN })
        } finally {
          writing.current = false
        }
      }}
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
