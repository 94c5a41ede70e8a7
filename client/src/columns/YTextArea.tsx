/**
 * A textarea bound to a note's Y.Text: each change is written as the smallest splice
 * (setText), so two people typing in one note merge character by character [F3.4]; other
 * people's edits update the value and move the caret the way they move the text.
 */
import { useEffect } from 'react'
import type * as Y from 'yjs'
import { useYTextBinding } from '../board/useYTextBinding'

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
  const { ytext, value, ref, write } = useYTextBinding(doc, noteId)

  // Focus with the caret at the end when the editor opens.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [ref])

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
      onChange={(e) => write(e.target.value)}
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
