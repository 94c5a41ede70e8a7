/** The kinds of the chosen notes' column (and none) as a labelled native select [F3.9]. */
import type { KindDef } from '@sensemaking/shared'
import { useId } from 'react'
import { useShownValue } from '../lib/useShownValue'

const NONE = ''
/** Shown while the chosen notes have different kinds: picking one sets it on all. */
const MIXED = '\u0000mixed'

export function KindPicker({
  kinds,
  value,
  onPick,
}: {
  kinds: readonly KindDef[]
  /** The kind all chosen notes share (null: none); undefined when they differ. */
  value: string | null | undefined
  onPick(kind: string | null): void
}) {
  const id = useId()
  const [shown, show] = useShownValue(value)
  return (
    <span className="kind-picker">
      <label htmlFor={id} className="sr-only">
        Kind of the selected notes
      </label>
      <select
        id={id}
        data-field="kind"
        value={shown === undefined ? MIXED : (shown ?? NONE)}
        onChange={(e) => {
          if (e.target.value === MIXED) return
          const chosen = e.target.value === NONE ? null : e.target.value
          show(chosen)
          onPick(chosen)
        }}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {shown === undefined && (
          <option value={MIXED} disabled>
            Mixed kinds
          </option>
        )}
        <option value={NONE}>No kind</option>
        {kinds.map((k) => (
          <option key={k.id} value={k.id}>
            {k.title}
          </option>
        ))}
      </select>
    </span>
  )
}
