/**
 * Private writing in the top bar, for every view: keeps drafts in step with the board
 * (useRevealDrafts), says that private writing is on and how many notes this person holds,
 * and, outside the columns view (which shows drafts in their columns), opens a panel to
 * write, edit and delete them.
 */
import '../lib/cards.css'
import './private.css'
import { sortColumns } from '@sensemaking/shared'
import { useEffect, useId, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { useBoardSelector } from '../board/useBoardSelector'
import { Icon } from '../lib/Icon'
import { useUiStore } from '../store/uiStore'
import { addNoteOrDraft } from './addNoteOrDraft'
import { DraftCard } from './DraftCard'
import { draftStoreFor } from './draftStore'
import { useDrafts } from './useDrafts'
import { useRevealDrafts } from './useRevealDrafts'

export function PrivateWritingControl() {
  const board = useBoard()
  useRevealDrafts(board)
  const { boardId, role, meta } = board
  const pw = useBoardSelector((s) => s.privateWriting)
  const drafts = useDrafts(boardId)
  const view = useUiStore((s) => s.view)
  const [open, setOpen] = useState(false)
  const panelId = useId()

  // A view without drafts of its own (the canvas) made a new draft to write in: show it.
  useEffect(() => {
    if (view !== 'columns' && drafts.length > 0 && draftStoreFor(boardId).peekFocus()) setOpen(true)
  }, [drafts, view, boardId])

  if (role === 'observer' || (!pw.on && drafts.length === 0)) return null
  const n = drafts.length
  const label = (
    <>
      <Icon name="lock" />
      <span className="private-label">{pw.on ? 'Private writing' : 'Waiting to reveal'}</span>
      <span className="private-count" title="Your private notes on this device">
        {n}
        <span className="sr-only"> private {n === 1 ? 'note' : 'notes'} on this device</span>
      </span>
    </>
  )
  if (view === 'columns') return <span className="private-chip">{label}</span>

  const column = meta.phase ?? sortColumns(meta.columns)[0]?.id ?? null
  return (
    <div className="menu">
      <button
        type="button"
        className="private-chip"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <div id={panelId} className="popover private-panel">
          <h2 className="private-title">Your private notes</h2>
          <p className="private-intro">
            Your notes stay on this device until the facilitator reveals them.
          </p>
          {n > 0 && (
            <ul className="note-list">
              {drafts.map((d) => (
                <DraftCard
                  key={d.id}
                  draft={d}
                  boardId={boardId}
                  tags={meta.tags}
                  columns={meta.columns}
                />
              ))}
            </ul>
          )}
          <div className="note-actions">
            {pw.on && (
              <button
                type="button"
                className="btn small primary"
                onClick={() => addNoteOrDraft(board, { column, text: '' })}
              >
                Add a private note
              </button>
            )}
            <button type="button" className="btn small ghost" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
