/**
 * The dot control on a sticky of the canvas (see DotControl). In an image export it shows only
 * what a closed vote shows everyone: the totals, never one person's dots of an open vote.
 */
import type { PointerEvent } from 'react'
import { useEditor, useSvgExportContext } from 'tldraw'
import type { BoardContextValue } from '../../board/BoardContext'
import { DotControl } from './DotControl'

export function NoteDots({ board, noteId }: { board: BoardContextValue; noteId: string }) {
  const editor = useEditor()
  const exporting = useSvgExportContext() !== null
  // Buttons on a shape: keep tldraw from starting a selection or a drag under them.
  const keep = (e: PointerEvent) => {
    editor.markEventAsHandled(e)
    e.stopPropagation()
  }
  return <DotControl board={board} noteId={noteId} onPointerDown={keep} totalsOnly={exporting} />
}
