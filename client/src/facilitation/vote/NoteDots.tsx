/** The dot control on a sticky of the canvas (see DotControl). */
import { type PointerEvent, useContext } from 'react'
import { useEditor } from 'tldraw'
import { BoardContext } from '../../board/BoardContext'
import { DotControl } from './DotControl'

export function NoteDots({ noteId }: { noteId: string }) {
  const editor = useEditor()
  const board = useContext(BoardContext)
  if (!board) return null
  // Buttons on a shape: keep tldraw from starting a selection or a drag under them.
  const keep = (e: PointerEvent) => {
    editor.markEventAsHandled(e)
    e.stopPropagation()
  }
  return <DotControl board={board} noteId={noteId} onPointerDown={keep} />
}
