/**
 * A textarea bound to a note's Y.Text: each change is written as the smallest splice
 * (setText), so two people typing in one note merge character by character [F3.4]; other
 * people's edits update the value and move the caret the way they move the text.
 */
import { noteText, setText } from '@sensemaking/shared'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { UI_ORIGIN } from '../board/origins'
import { transformIndex } from '../canvas/caret'

export function YTextArea({
  doc,
  noteId,
  id,
  onDone,
  readOnly = false,
}: {
  doc: Y.Doc
  noteId: string
  id?: string
  /** Enter (without Shift) or Escape. */
  onDone(): void
  readOnly?: boolean
}) {
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
      if (el && !writing.current && document.activeElement === el) {
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

  // After a remote edit re-rendered the value, put the caret back where the text moved it.
  useLayoutEffect(() => {
    const el = ref.current
    if (el && selection.current) {
      el.setSelectionRange(selection.current[0], selection.current[1])
      selection.current = null
    }
  })

  // Focus with the caret at the end when the editor opens.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])

  return (
    <textarea
      ref={ref}
      id={id}
      className="note-input"
      // Board text: Ctrl+Z here is the board's own undo, not the field's (undo/keys.ts).
      data-board-text
      dir="auto"
      rows={3}
      value={value}
      readOnly={readOnly || !ytext}
      onChange={(e) => {
        if (!ytext) return
        writing.current = true
        try {
          setText(doc, noteId, e.target.value, { origin: UI_ORIGIN })
        } finally {
          writing.current = false
        }
        // Text past the cap is not written [F3.3]: show what the note holds.
        setValue(ytext.toString())
      }}
      onKeyDown={(e) => {
        if (
          (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) ||
          e.key === 'Escape'
        ) {
          e.preventDefault()
          onDone()
        }
      }}
    />
  )
}
