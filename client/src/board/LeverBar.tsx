/** The levers as a legend with counts; choosing one highlights its notes and dims the rest. */
import { useUiStore } from '../store/uiStore'
import { useBoard } from './BoardContext'
import { useNoteCounts } from './useNoteCounts'

export function LeverBar() {
  const { doc, meta } = useBoard()
  const counts = useNoteCounts(doc)
  const filter = useUiStore((s) => s.leverFilter)
  const setFilter = useUiStore((s) => s.setLeverFilter)
  return (
    <nav className="lever-bar" aria-label="Filter notes by lever">
      <button
        type="button"
        className="lever-chip"
        aria-pressed={filter === null}
        onClick={() => setFilter(null)}
      >
        All <span className="count">{counts.total}</span>
      </button>
      {meta.tags.map((t) => (
        <button
          key={t.id}
          type="button"
          className="lever-chip"
          aria-pressed={filter === t.id}
          onClick={() => setFilter(filter === t.id ? null : t.id)}
          style={{ ['--lever' as string]: t.color }}
        >
          <span className="swatch" aria-hidden="true" />
          {t.label} <span className="count">{counts.byLever.get(t.id) ?? 0}</span>
        </button>
      ))}
    </nav>
  )
}
