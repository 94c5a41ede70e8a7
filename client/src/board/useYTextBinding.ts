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

export function useYTextBinding(
  doc: Y.Doc,
  noteId: string,
  {
    uncontrolled = false,
  }: {
    /**
     * The textarea keeps its own value (give it `defaultValue`): edits, ours and others', are
     * written into it directly, so a keystroke renders nothing. On the canvas a sticky is one
     * of thousands of siblings, and any React update inside one walks them all.
     */
    uncontrolled?: boolean
  } = {},
) {
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
      if (uncontrolled) {
        if (!writing.current) showIn(ref.current, ytext.toString(), selection)
      } else setValue(ytext.toString())
    }
    ytext.observe(onChange)
    if (uncontrolled) showIn(ref.current, ytext.toString(), selection)
    else setValue(ytext.toString())
    return () => ytext.unobserve(onChange)
  }, [ytext, uncontrolled])

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
    if (uncontrolled) showIn(ref.current, ytext.toString(), selection)
    else setValue(ytext.toString())
  }

  return { ytext, value, ref, write }
}

/** Uncontrolled: put `text` in the textarea, the caret where the change moved it. */
function showIn(
  el: HTMLTextAreaElement | null,
  text: string,
  selection: { current: [number, number] | null },
) {
  if (!el || el.value === text) return
  el.value = text
  if (selection.current) {
    el.setSelectionRange(selection.current[0], selection.current[1])
    selection.current = null
  }
}
