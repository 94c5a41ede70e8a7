/** The kinds of the chosen notes' column (and none) as a labelled native select [F3.9]. */
import type { KindDef } from '@sensemaking/shared'
import { useId } from 'react'

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
  return (
    <span className="kind-picker">
      <label htmlFor={id} className="sr-only">
        Kind of the selected notes
      </label>
      <select
        id={id}
        data-field="kind"
        value={value === undefined ? MIXED : (value ?? NONE)}
        onChange={(e) => {
          if (e.target.value !== MIXED) onPick(e.target.value === NONE ? null : e.target.value)
        }}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {value === undefined && (
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
