/**
 * A private draft as its writer sees it: marked "Private until revealed", editable and
 * deletable. Its words stay in this browser until the facilitator reveals the round. Each
 * change is kept as it is typed; Enter finishes (as everywhere else: no line break is kept at
 * its end), Shift+Enter starts a new line.
 */
import '../lib/cards.css'
import './private.css'
import { type ColumnDef, capText, type TagDef } from '@sensemaking/shared'
import { useEffect, useId, useRef } from 'react'
import { ColumnSelect, LeverSelect } from '../lib/fields'
import { Icon } from '../lib/Icon'
import { draftStoreFor } from './draftStore'
import type { Draft } from './drafts'

export function DraftCard({
  draft,
  boardId,
  tags,
  columns,
}: {
  draft: Draft
  boardId: string
  tags: readonly TagDef[]
  /** Offer a column select (where the draft is not shown inside its column). */
  columns?: readonly ColumnDef[]
}) {
  const store = draftStoreFor(boardId)
  const ref = useRef<HTMLTextAreaElement>(null)
  const id = useId()
  const tag = tags.find((t) => t.id === draft.lever)

  useEffect(() => {
    if (store.takeFocus() !== draft.id) return
    const el = ref.current
    el?.focus()
    el?.setSelectionRange(el.value.length, el.value.length)
  }, [store, draft.id])

  return (
    <li
      className={`note-card draft${tag ? ' has-lever' : ''}`}
      style={tag ? { ['--lever' as string]: tag.color } : undefined}
      data-draft-id={draft.id}
    >
      <p className="draft-badge">
        <Icon name="lock" /> Private until revealed
      </p>
      <label className="sr-only" htmlFor={id}>
        Private note text
      </label>
      <textarea
        ref={ref}
        id={id}
        className="note-input"
        dir="auto"
        rows={2}
        value={draft.text}
        onChange={(e) => store.update(draft.id, { text: capText(e.target.value) })}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return
          e.preventDefault()
          const trimmed = e.currentTarget.value.replace(/\s+$/u, '')
          if (trimmed !== draft.text) store.update(draft.id, { text: trimmed })
          e.currentTarget.blur()
        }}
      />
      <div className="edit-fields">
        <LeverSelect
          tags={tags}
          value={draft.lever}
          onChange={(lever) => store.update(draft.id, { lever })}
        />
        {columns && (
          <ColumnSelect
            columns={columns}
            value={draft.column}
            onChange={(column) => store.update(draft.id, { column })}
          />
        )}
      </div>
      <div className="note-actions">
        <button
          type="button"
          className="btn small ghost danger"
          onClick={() => store.remove([draft.id])}
        >
          Delete<span className="sr-only"> private note</span>
        </button>
      </div>
    </li>
  )
}
