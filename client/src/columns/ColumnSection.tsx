/**
 * One column of the board (or the parking lot): its title and prompt, the active question
 * marked, a way to add a note, the writer's private drafts, then the notes by theme. A long
 * column shows its notes a page at a time.
 */
import type { NoteView } from '@sensemaking/shared'
import { type ReactNode, useId, useState } from 'react'
import { PickBox } from '../plenary/picks'
import type { Draft } from '../private/drafts'
import { focusKey, useFocusKey } from './focus'
import { type ColumnGroup, firstNotes } from './model'
import { NoteCard, type NoteCardProps } from './NoteCard'

/** Cards rendered at first, and added by "Show more", per column. */
export const PAGE_SIZE = 100

export interface ColumnSectionProps {
  group: ColumnGroup
  isNow: boolean
  drafts: readonly Draft[]
  renderDraft(d: Draft): ReactNode
  cardProps(note: NoteView): NoteCardProps
  /** The add form, when open; null when closed; undefined when the person cannot add. */
  addForm: ReactNode | null | undefined
  onOpenAdd(): void
  addLabel: string
  onTidy?: () => void
  /** A note to keep within the rendered page (the one just added or moved here). */
  keepVisible: string | null
  /** Tab panel attributes on narrow screens. */
  panel?: { id: string; labelledBy: string }
}

export function ColumnSection(p: ColumnSectionProps) {
  const { group } = p
  const headingId = useId()
  const [pages, setPages] = useState(1)
  const addRef = useFocusKey<HTMLButtonElement>(focusKey.add(group.id))
  const all = group.groups.flatMap((g) => g.notes)
  const wanted = p.keepVisible ? all.findIndex((n) => n.id === p.keepVisible) + 1 : 0
  const limit = Math.max(pages * PAGE_SIZE, wanted)
  const shown = firstNotes(group.groups, limit)
  const hasThemes = group.groups.some((g) => g.cluster !== null)
  const hidden = group.count - Math.min(group.count, limit)
  const empty = group.count === 0 && p.drafts.length === 0

  return (
    <section
      className={`column${p.isNow ? ' is-now' : ''}${group.id === null ? ' parking-lot' : ''}`}
      aria-labelledby={p.panel ? p.panel.labelledBy : headingId}
      aria-current={p.isNow ? 'step' : undefined}
      id={p.panel?.id}
      role={p.panel ? 'tabpanel' : undefined}
      data-column={group.id ?? ''}
    >
      <header className="column-head">
        <h2 id={headingId}>
          {group.title}
          {p.isNow && <span className="now-badge">Now</span>}
        </h2>
        {group.prompt && <p className="column-prompt">{group.prompt}</p>}
        <p className="column-count">
          {group.count} {group.count === 1 ? 'note' : 'notes'}
        </p>
        {(p.addForm !== undefined || p.onTidy) && (
          <div className="column-actions">
            {p.addForm === null && (
              <button
                ref={addRef}
                type="button"
                className="btn small primary"
                onClick={p.onOpenAdd}
              >
                <span aria-hidden="true">+</span> {p.addLabel}
                <span className="sr-only"> to {group.title}</span>
              </button>
            )}
            {p.onTidy && (
              <button type="button" className="btn small ghost" onClick={p.onTidy}>
                Tidy column<span className="sr-only"> {group.title}</span>
              </button>
            )}
          </div>
        )}
      </header>
      {p.addForm}
      {p.drafts.length > 0 && (
        <ul className="note-list drafts" aria-label="Your private notes">
          {p.drafts.map(p.renderDraft)}
        </ul>
      )}
      {shown.map((g) =>
        g.cluster ? (
          <div key={g.cluster.id} className="theme">
            <h3 className="theme-title">
              <PickBox kind="theme" id={g.cluster.id} label={g.cluster.title || 'Untitled theme'} />
              <span className="theme-eyebrow">Theme</span>{' '}
              <bdi>{g.cluster.title || 'Untitled theme'}</bdi>
              {g.cluster.sources.length > 0 && (
                <span className="copy-from">
                  {' '}
                  from {[...new Set(g.cluster.sources.map((s) => s.boardName))].join(', ')}
                </span>
              )}
              {g.cluster.locked && (
                <span className="theme-lock">
                  <span aria-hidden="true">🔒</span> locked
                </span>
              )}
            </h3>
            <ul className="note-list">
              {g.notes.map((n) => (
                <NoteCard key={n.id} {...p.cardProps(n)} />
              ))}
            </ul>
          </div>
        ) : (
          <div key="loose" className="loose">
            {hasThemes && <h3 className="loose-title">Not in a theme</h3>}
            <ul className="note-list">
              {g.notes.map((n) => (
                <NoteCard key={n.id} {...p.cardProps(n)} />
              ))}
            </ul>
          </div>
        ),
      )}
      {empty && <p className="column-empty">No notes yet.</p>}
      {hidden > 0 && (
        <button
          type="button"
          className="btn small show-more"
          onClick={() => setPages((n) => n + 1)}
        >
          Show {Math.min(hidden, PAGE_SIZE)} more of {hidden}
        </button>
      )}
    </section>
  )
}
