/** One note as a card: its text, lever, city and author, dots, and what this person may do with it. */
import type { NoteView, TagDef } from '@sensemaking/shared'
import { memo } from 'react'
import { excerpt, useCardActions } from './actions'
import { focusKey, useFocusKey } from './focus'
import { NoteEditPanel } from './NoteEditPanel'

export type VoteStatus = 'none' | 'open' | 'closed'

export interface NoteCardProps {
  note: NoteView
  tag: TagDef | undefined
  canEdit: boolean
  /** Why a note the person would otherwise edit is read-only (a lock). */
  lockReason: string | null
  editing: boolean
  vote: VoteStatus
  /** This person's dots on the note (shown while the vote is open). */
  myDots: number
  /** Everyone's dots (shown once the vote is closed). */
  total: number
  /** The person may place a dot now (a vote is open and they have dots left). */
  canAddDot: boolean
  canVote: boolean
  /** Another lever is highlighted by the lever filter. */
  dimmed: boolean
}

export const NoteCard = memo(function NoteCard(p: NoteCardProps) {
  const { note, tag } = p
  if (p.editing) return <NoteEditPanel note={note} tag={tag} />
  const style = tag ? { ['--lever' as string]: tag.color } : undefined
  const classes = ['note-card', tag ? 'has-lever' : '', p.dimmed ? 'dimmed' : '']
  return (
    <li className={classes.join(' ')} style={style} data-note-id={note.id}>
      <p className="note-text" dir="auto">
        {note.text.trim() === '' ? <span className="muted">(empty note)</span> : note.text}
      </p>
      <p className="note-meta">
        {tag && <span className="lever-tag">{tag.label}</span>}
        <span className="note-by">
          <bdi>{note.author || 'Someone'}</bdi>
          {note.city && (
            <>
              {' · '}
              <bdi>{note.city}</bdi>
            </>
          )}
        </span>
        {p.vote === 'closed' && p.total > 0 && (
          <span className="dots-total">
            <span aria-hidden="true">●</span> {p.total} {p.total === 1 ? 'dot' : 'dots'}
          </span>
        )}
        {p.lockReason && (
          <span className="lock-reason">
            <span aria-hidden="true">🔒</span> {p.lockReason}
          </span>
        )}
      </p>
      <CardButtons {...p} />
    </li>
  )
})

function CardButtons(p: NoteCardProps) {
  const actions = useCardActions()
  const editRef = useFocusKey<HTMLButtonElement>(focusKey.edit(p.note.id))
  const what = excerpt(p.note.text)
  const voting = p.vote === 'open' && p.canVote
  if (!p.canEdit && !voting) return null
  return (
    <div className="note-actions">
      {voting && (
        <span className="dot-controls">
          <button
            type="button"
            className="btn small"
            disabled={!p.canAddDot}
            onClick={() => actions.dot(p.note.id, 1)}
          >
            + dot<span className="sr-only"> on “{what}”</span>
          </button>
          <button
            type="button"
            className="btn small"
            disabled={p.myDots === 0}
            onClick={() => actions.dot(p.note.id, -1)}
          >
            − dot<span className="sr-only"> from “{what}”</span>
          </button>
          <span className="my-dots">
            <span aria-hidden="true">{'●'.repeat(Math.min(p.myDots, 10))}</span>
            <span className="sr-only">Your dots on this note: {p.myDots}</span>
          </span>
        </span>
      )}
      {p.canEdit && (
        <span className="edit-controls">
          <button
            ref={editRef}
            type="button"
            className="btn small"
            onClick={() => actions.startEdit(p.note.id)}
          >
            Edit<span className="sr-only"> “{what}”</span>
          </button>
          <button
            type="button"
            className="btn small ghost danger"
            onClick={() => actions.remove(p.note)}
          >
            Delete<span className="sr-only"> “{what}”</span>
          </button>
        </span>
      )}
    </div>
  )
}
