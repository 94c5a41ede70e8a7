/**
 * The levers as a legend with counts, docked under the board (never over it): each lever's
 * shape, colour and full name; choosing one highlights its notes and dims the rest. On narrow
 * screens it folds to one button and opens above the dock, still in the page's flow.
 */
import { UNTAGGED } from '@sensemaking/shared'
import { useId, useState } from 'react'
import { LeverGlyph } from '../levers/LeverGlyph'
import { markOf } from '../levers/marks'
import { useMediaQuery } from '../lib/useMediaQuery'
import { useUiStore } from '../store/uiStore'
import { useBoard } from './BoardContext'
import { noteCounts } from './selectors'
import { useBoardSelector } from './useBoardSelector'

/** Live notes in all and per lever; a new value only when a count changed. */
const leverCounts = (s: Parameters<typeof noteCounts>[0]) => {
  const c = noteCounts(s)
  return { total: c.total, byLever: c.byLever }
}
const sameCounts = (a: ReturnType<typeof leverCounts>, b: ReturnType<typeof leverCounts>) =>
  a.total === b.total && JSON.stringify(a.byLever) === JSON.stringify(b.byLever)

/** Below this width the legend folds into its button. */
const FOLD = '(max-width: 1099px)'

export function LeverBar() {
  const { meta } = useBoard()
  const counts = useBoardSelector(leverCounts, sameCounts)
  const filter = useUiStore((s) => s.leverFilter)
  const setFilter = useUiStore((s) => s.setLeverFilter)
  const folds = useMediaQuery(FOLD)
  const [open, setOpen] = useState(false)
  const listId = useId()
  const active = meta.tags.find((t) => t.id === filter)
  const activeMark = markOf(meta.tags, filter)
  const shown = !folds || open
  return (
    <nav className={`lever-bar${folds ? ' folds' : ''}${shown ? ' open' : ''}`} aria-label="Levers">
      {folds ? (
        <button
          type="button"
          className="lever-bar-toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          <span>Levers</span>
          {active && activeMark && (
            <span className="lever-active" style={{ ['--lever' as string]: active.color }}>
              <LeverGlyph shape={activeMark.shape} color={active.color} />
              {activeMark.short}
            </span>
          )}
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▴'}
          </span>
        </button>
      ) : (
        <span className="lever-bar-title" aria-hidden="true">
          Levers
        </span>
      )}
      <div id={listId} className="lever-list" hidden={!shown}>
        <button
          type="button"
          className="lever-chip"
          aria-pressed={filter === null}
          onClick={() => setFilter(null)}
        >
          <span className="lever-label">All notes</span>
          <span className="count">{counts.total}</span>
        </button>
        {meta.tags.map((t) => {
          const mark = markOf(meta.tags, t.id)
          return (
            <button
              key={t.id}
              type="button"
              className="lever-chip"
              data-lever-filter={t.id}
              aria-pressed={filter === t.id}
              onClick={() => setFilter(filter === t.id ? null : t.id)}
              style={{ ['--lever' as string]: t.color }}
            >
              {mark && <LeverGlyph shape={mark.shape} color={t.color} />}
              <span className="lever-label">{t.label}</span>
              <span className="count">{counts.byLever[t.id] ?? 0}</span>
            </button>
          )
        })}
        <p className="lever-untagged">
          <span className="lever-label">Untagged</span>
          <span className="count">{counts.byLever[UNTAGGED] ?? 0}</span>
        </p>
      </div>
    </nav>
  )
}
