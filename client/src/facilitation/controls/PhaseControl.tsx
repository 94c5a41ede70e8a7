/** The facilitator sets the question everyone works on now (a column of the board) [F2.5]. */
import { setPhase, sortColumns } from '@sensemaking/shared'
import { useBoard } from '../../board/BoardContext'
import { FACILITATION_ORIGIN } from '../origin'

export function PhaseControl() {
  const { doc, meta } = useBoard()
  const choose = (id: string | null) => setPhase(doc, id, { origin: FACILITATION_ORIGIN })
  return (
    <fieldset className="fac-group">
      <legend>Now working on</legend>
      <div className="segmented fac-row">
        {sortColumns(meta.columns).map((c) => (
          <button
            key={c.id}
            type="button"
            data-phase={c.id}
            aria-pressed={meta.phase === c.id}
            onClick={() => choose(c.id)}
          >
            {c.title}
          </button>
        ))}
        <button
          type="button"
          data-phase=""
          aria-pressed={meta.phase === null}
          onClick={() => choose(null)}
        >
          None
        </button>
      </div>
    </fieldset>
  )
}
