/** The hook that wires a tldraw editor to the board's document (see binding.ts). */
import { whyNotPost } from '@sensemaking/shared'
import { useEffect, useRef } from 'react'
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { actorOf, policyOf } from '../board/selectors'
import { useBoardSelector } from '../board/useBoardSelector'
import { addNoteOrDraft } from '../private/addNoteOrDraft'
import { CanvasBinding } from './binding'

export function useBinding(editor: Editor | null, board: BoardContextValue): void {
  const boardRef = useRef(board)
  boardRef.current = board

  useEffect(() => {
    if (!editor) return
    const binding = new CanvasBinding({
      editor,
      doc: board.doc,
      store: board.store,
      awareness: board.awareness,
      actor: () => actorOf(boardRef.current),
      author: () => boardRef.current.user,
      draft: (note) => addNoteOrDraft(boardRef.current, note, { focus: false }),
    })
    return binding.start()
  }, [editor, board.doc, board.store, board.awareness])

  const policy = useBoardSelector(policyOf)
  const writable = whyNotPost(actorOf(board), policy) === null
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !writable })
  }, [editor, writable])
}
