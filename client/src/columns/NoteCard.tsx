/** One note as a card: its text, lever, city and author, dots, and what this person may do with it. */
import type { KindDef, NoteView, TagDef } from '@sensemaking/shared'
import { memo } from 'react'
import { useBoard } from '../board/BoardContext'
import { DotControl } from '../facilitation/vote/DotControl'
import { LeverGlyph } from '../levers/LeverGlyph'
import { markOf } from '../levers/marks'
import { CopyLine } from '../plenary/CopyLine'
import { PickBox } from '../plenary/picks'
import { excerpt, useCardActions } from './actions'
import { focusKey, useFocusKey } from './focus'
import { NoteEditPanel } from './NoteEditPanel'

export type VoteStatus = 'none' | 'open' | 'closed'

export interface NoteCardProps {
  note: NoteView
  tag: TagDef | undefined
  /** The note's kind, as its column defines it [F2.8]. */
  kind: KindDef | undefined
  canEdit: boolean
  /** Why a note the person would otherwise edit is read-only (a lock). */
  lockReason: string | null
  editing: boolean
  vote: VoteStatus
  /** Everyone's dots (shown once the vote is closed). */
  total: number
  canVote: boolean
  /** Another lever is highlighted by the lever filter. */
  dimmed: boolean
}

export const NoteCard = memo(function NoteCard(p: NoteCardProps) {
  const { note, tag } = p
  const { meta } = useBoard()
  const mark = markOf(meta.tags, tag?.id)
  if (p.editing) return <NoteEditPanel note={note} tag={tag} />
  const style = tag ? { ['--lever' as string]: tag.color } : undefined
  const classes = ['note-card', tag ? 'has-lever' : '', p.dimmed ? 'dimmed' : '']
  const { kind } = p
  return (
    <li className={classes.join(' ')} style={style} data-note-id={note.id}>
      <PickBox kind="note" id={note.id} label={excerpt(note.text)} />
      <p className="note-text" dir="auto">
        {note.text.trim() === '' ? <span className="muted">(empty note)</span> : note.text}
      </p>
      <p className="note-meta">
        {tag && (
          <span className="lever-tag">
            {mark && <LeverGlyph shape={mark.shape} color={tag.color} size={12} />}
            {tag.label}
          </span>
        )}
        {kind && (
          <span className="kind-tag" data-kind={kind.id}>
            {kind.title}
          </span>
        )}
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
        {note.source && <CopyLine note={note} />}
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
  const board = useBoard()
  const editRef = useFocusKey<HTMLButtonElement>(focusKey.edit(p.note.id))
  const what = excerpt(p.note.text)
  const voting = p.vote === 'open' && p.canVote
  if (!p.canEdit && !voting) return null
  return (
    <div className="note-actions">
      {voting && (
        <DotControl
          board={board}
          noteId={p.note.id}
          label={what}
          onDot={(delta) => actions.dot(p.note.id, delta)}
          className="in-card"
        />
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
