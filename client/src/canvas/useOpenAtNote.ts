/**
 * A board opened at one note (the dashboard's link, `#n=`): once the board is drawn and fitted,
 * that note is selected and brought into view, so the facilitator lands on what they read.
 */
import { useEffect } from 'react'
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { takeNoteTarget } from '../lib/noteLink'
import { bringIntoView } from './camera'
import { revealNotes } from './drawnNotes'
import { noteShapeId } from './mapping'

/** Frames to wait for the binding to draw the note (a few at most once the board is loaded). */
const TRIES = 120

export function useOpenAtNote(editor: Editor | null, board: BoardContextValue): void {
  const { loaded } = board
  useEffect(() => {
    if (!editor || !loaded) return
    const id = takeNoteTarget()
    if (!id || !board.store.note(id)) return
    const sid = noteShapeId(id)
    revealNotes(editor, [id])
    let frame = 0
    let tries = TRIES
    const step = () => {
      if (editor.getShape(sid)) {
        editor.select(sid)
        bringIntoView(editor, sid)
        return
      }
      if (--tries > 0) frame = requestAnimationFrame(step)
    }
    step()
    return () => cancelAnimationFrame(frame)
  }, [editor, loaded, board.store])
}
