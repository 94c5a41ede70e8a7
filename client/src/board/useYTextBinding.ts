/**
 * A textarea's binding to a note's Y.Text, shared by the canvas's note editor and the columns
 * view: each change is written as the smallest splice (setText), so two people typing in one
 * note merge character by character [F3.4]; other people's edits update the value and move the
 * caret the way they move the text.
 */
import { noteText, setText } from '@sensemaking/shared'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { transformIndex } from '../lib/caret'
import { UI_ORIGIN } from './origins'

export function useYTextBinding(doc: Y.Doc, noteId: string) {
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

  /** Write the textarea's new value to the note. */
  function write(next: string) {
    if (!ytext) return
    writing.current = true
    try {
      setText(doc, noteId, next, { origin: UI_ORIGIN })
    } finally {
      writing.current = false
    }
    // Text past the cap is not written [F3.3]: show what the note holds.
    setValue(ytext.toString())
  }

  return { ytext, value, ref, write }
}
