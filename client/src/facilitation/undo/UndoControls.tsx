/**
 * Undo and redo of one's own changes [F8.7], for every view: the usual keys (caught before
 * any view sees them, so one press never moves two histories) and two buttons.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useBoard } from '../../board/BoardContext'
import { LOCAL_ORIGINS } from '../../board/origins'
import { noteAccess } from '../../board/refusals'
import { actorOf, mayPost, policyOf } from '../../board/selectors'
import { fieldKeepsNativeUndo, undoKeyOf } from './keys'
import { OwnUndo } from './ownUndo'
import { setActiveUndo } from './registry'

export function UndoControls() {
  const board = useBoard()
  const { doc } = board
  const [undo, setUndo] = useState<OwnUndo | null>(null)
  const [refused, setRefused] = useState('')
  const writable = mayPost(board)
  const subscribe = useCallback((l: () => void) => (undo ? undo.subscribe(l) : () => {}), [undo])
  const stacks = useSyncExternalStore(
    subscribe,
    () => (undo?.canUndo() ? 1 : 0) + (undo?.canRedo() ? 2 : 0),
  )

  useEffect(() => {
    const u = new OwnUndo(doc, [...LOCAL_ORIGINS])
    setUndo(u)
    setActiveUndo(u)
    return () => {
      setActiveUndo(null)
      u.destroy()
    }
  }, [doc])

  useEffect(() => {
    if (!refused) return
    const t = window.setTimeout(() => setRefused(''), 4000)
    return () => window.clearTimeout(t)
  }, [refused])

  const run = useCallback(
    (which: 'undo' | 'redo') => {
      if (!undo || !writable) return
      // A locked note, or one in a locked theme, is read-only to participants: the server
      // would refuse the change anyway [F12.10].
      const { store } = board
      const actor = actorOf(board)
      const policy = policyOf(store.get())
      for (const id of undo.nextTouches(which)) {
        const note = store.note(id)
        if (note && noteAccess(actor, policy, note, store.lockedThemes()).reason !== null) {
          setRefused(`Cannot ${which}: a facilitator locked that note`)
          return
        }
      }
      setRefused('')
      if (which === 'undo') undo.undo()
      else undo.redo()
    },
    [undo, writable, board],
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const which = undoKeyOf(e)
      if (!which || fieldKeepsNativeUndo(e.target)) return
      e.preventDefault()
      e.stopPropagation()
      run(which)
    }
    // Capture on window: before tldraw (on the body) or a note's editor see the key.
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [run])

  if (!writable) return null
  return (
    <div className="undo-controls">
      <button
        type="button"
        className="btn ghost icon"
        aria-label="Undo"
        title="Undo (Ctrl+Z)"
        data-action="undo"
        disabled={(stacks & 1) === 0}
        onClick={() => run('undo')}
      >
        ↶
      </button>
      <button
        type="button"
        className="btn ghost icon"
        aria-label="Redo"
        title="Redo (Ctrl+Shift+Z)"
        data-action="redo"
        disabled={(stacks & 2) === 0}
        onClick={() => run('redo')}
      >
        ↷
      </button>
      {refused && (
        <span className="undo-refused" role="status">
          {refused}
        </span>
      )}
    </div>
  )
}
