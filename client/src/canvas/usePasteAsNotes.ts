/**
 * Text pasted on the canvas becomes a sticky where it was pasted (tldraw would make a text
 * shape, which is not part of a board). It goes through `addNoteOrDraft`, like every other
 * note a person adds, so during private writing it stays a draft on this device [F8.3].
 */
import { NOTE_SIZE } from '@sensemaking/shared'
import { useEffect, useRef } from 'react'
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { addNoteOrDraft } from '../private/addNoteOrDraft'
import { dropNote } from './mapping'

/** Add pasted text as one note by this person at `point` (page coordinates). */
export function addPastedText(
  board: BoardContextValue,
  text: string,
  point: { x: number; y: number },
): ReturnType<typeof addNoteOrDraft> {
  const clean = text.replace(/\r\n?/g, '\n').trim()
  if (clean === '') return null
  const drop = dropNote(board.meta, point.x - NOTE_SIZE.w / 2, point.y - NOTE_SIZE.h / 2)
  // Untagged: nobody chose a lever for pasted text.
  return addNoteOrDraft(
    board,
    { column: drop.column, text: clean, lever: null, x: drop.x, y: drop.y },
    { focus: false },
  )
}

/** Replace tldraw's handlers of pasted text and links with `addPastedText`. */
export function usePasteAsNotes(editor: Editor | null, board: BoardContextValue): void {
  const boardRef = useRef(board)
  boardRef.current = board
  useEffect(() => {
    if (!editor) return
    // Where the pointer is, when it is over the canvas (a board's columns are far apart, so
    // "where I pointed" beats tldraw's default of the view's centre), else the centre.
    const at = (point: { x: number; y: number } | undefined) => {
      if (point) return point
      const view = editor.getViewportPageBounds()
      const pointer = editor.inputs.getCurrentPagePoint()
      return view.containsPoint(pointer) ? pointer : view.center
    }
    editor.registerExternalContentHandler('text', ({ text, point }) => {
      addPastedText(boardRef.current, text, at(point))
    })
    editor.registerExternalContentHandler('url', ({ url, point }) => {
      addPastedText(boardRef.current, url, at(point))
    })
    return () => {
      editor.registerExternalContentHandler('text', null)
      editor.registerExternalContentHandler('url', null)
    }
  }, [editor])
}
