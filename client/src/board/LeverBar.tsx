/** The levers as a legend with counts; choosing one highlights its notes and dims the rest. */
import { UNTAGGED } from '@sensemaking/shared'
import { useId, useState } from 'react'
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

export function LeverBar() {
  const { meta } = useBoard()
  const counts = useBoardSelector(leverCounts, sameCounts)
  const filter = useUiStore((s) => s.leverFilter)
  const setFilter = useUiStore((s) => s.setLeverFilter)
  const [open, setOpen] = useState(() => typeof window === 'undefined' || window.innerWidth > 900)
  const listId = useId()
  const active = meta.tags.find((t) => t.id === filter)
  return (
    <nav className="lever-bar" aria-label="Levers">
      <button
        type="button"
        className="lever-bar-toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <span>Levers</span>
        {active && !open && (
          <span className="lever-active" style={{ ['--lever' as string]: active.color }}>
            {active.label}
          </span>
        )}
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      <div id={listId} className="lever-list" hidden={!open}>
        <button
          type="button"
          className="lever-chip"
          aria-pressed={filter === null}
          onClick={() => setFilter(null)}
        >
          All notes <span className="count">{counts.total}</span>
        </button>
        {meta.tags.map((t) => (
          <button
            key={t.id}
            type="button"
            className="lever-chip"
            data-lever-filter={t.id}
            aria-pressed={filter === t.id}
            onClick={() => setFilter(filter === t.id ? null : t.id)}
            style={{ ['--lever' as string]: t.color }}
          >
            <span className="swatch" aria-hidden="true" />
            <span className="lever-label">{t.label}</span>
            <span className="count">{counts.byLever[t.id] ?? 0}</span>
          </button>
        ))}
        <p className="lever-untagged">
          Untagged <span className="count">{counts.byLever[UNTAGGED] ?? 0}</span>
        </p>
      </div>
    </nav>
  )
}
