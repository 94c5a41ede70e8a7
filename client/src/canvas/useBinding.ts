/** The hook that wires a tldraw editor to the board's document (see binding.ts). */
import { useEffect, useRef } from 'react'
import type { Editor } from 'tldraw'
import type { BoardContextValue } from '../board/BoardContext'
import { canWrite } from '../board/permissions'
import { addNoteOrDraft } from '../private/addNoteOrDraft'
import { permissionsOf } from './actions'
import { CanvasBinding } from './binding'

export function useBinding(editor: Editor | null, board: BoardContextValue): void {
  const perms = permissionsOf(board)
  const permsRef = useRef(perms)
  permsRef.current = perms
  const userRef = useRef(board.user)
  userRef.current = board.user
  const boardRef = useRef(board)
  boardRef.current = board

  useEffect(() => {
    if (!editor) return
    const binding = new CanvasBinding({
      editor,
      doc: board.doc,
      awareness: board.awareness,
      permissions: () => permsRef.current,
      author: () => userRef.current,
      draft: (note) => addNoteOrDraft(boardRef.current, note, { focus: false }),
    })
    return binding.start()
  }, [editor, board.doc, board.awareness])

  const writable = canWrite(perms)
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !writable })
  }, [editor, writable])
}
