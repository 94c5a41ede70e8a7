/**
 * The dot control on a sticky (canvas): while a vote is open, this person's dots on the note
 * with buttons to add and take back one; once closed, the note's total for everyone.
 */
import { type PointerEvent, useContext } from 'react'
import { useEditor } from 'tldraw'
import { BoardContext, type BoardContextValue } from '../../board/BoardContext'
import { canWrite } from '../../board/permissions'
import { useVotes } from './useVotes'
import { changeDots } from './voteActions'
import { dotsLeft } from './votes'

export function NoteDots({ noteId }: { noteId: string }) {
  const board = useContext(BoardContext)
  if (!board) return null
  return <Dots board={board} noteId={noteId} />
}

function Dots({ board, noteId }: { board: BoardContextValue; noteId: string }) {
  const editor = useEditor()
  const { doc, user, role, meta } = board
  const s = useVotes(doc, user.id)
  if (s.vote.status === 'none') return null
  const total = s.totals.get(noteId) ?? 0
  if (s.vote.status === 'closed') {
    if (total === 0) return null
    return (
      <div className="note-dots closed" data-dots-total={total} title={`${total} dots`}>
        <span aria-hidden="true">●</span> {total}
        <span className="sr-only"> dot{total === 1 ? '' : 's'}</span>
      </div>
    )
  }
  if (!canWrite({ role, userId: user.id, locked: meta.locked })) return null
  const mine = s.mine.get(noteId) ?? 0
  const left = dotsLeft(s)
  // Buttons on a shape: keep tldraw from starting a selection or a drag under them.
  const keep = (e: PointerEvent) => {
    editor.markEventAsHandled(e)
    e.stopPropagation()
  }
  return (
    <div className="note-dots open" data-my-dots={mine} onPointerDown={keep}>
      <button
        type="button"
        className="dot-btn"
        aria-label={`Take back a dot (${mine} on this note)`}
        disabled={mine === 0}
        data-dot="remove"
        onPointerDown={keep}
        onClick={() => changeDots(doc, s, noteId, user.id, -1)}
      >
        −
      </button>
      <span className="my-dots" aria-hidden="true">
        {'●'.repeat(Math.min(mine, 10))}
        {mine === 0 && <span className="no-dots">○</span>}
      </span>
      <button
        type="button"
        className="dot-btn"
        aria-label={`Add a dot (${left} left)`}
        disabled={left === 0}
        data-dot="add"
        onPointerDown={keep}
        onClick={() => changeDots(doc, s, noteId, user.id, 1)}
      >
        +
      </button>
    </div>
  )
}
