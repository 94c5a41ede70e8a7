/** The board's levers (and none) as a row of swatches, each with its lever's shape and name. */
import type { TagDef } from '@sensemaking/shared'
import { LeverGlyph } from '../levers/LeverGlyph'
import { markOf } from '../levers/marks'

export function LeverPicker({
  tags,
  value,
  onPick,
  label,
}: {
  tags: readonly TagDef[]
  /** The lever all chosen notes share; undefined when they differ. */
  value: string | null | undefined
  onPick(lever: string | null): void
  label: string
}) {
  return (
    <fieldset className="lever-picker">
      <legend className="sr-only">{label}</legend>
      {tags.map((t) => {
        const mark = markOf(tags, t.id)
        return (
          <button
            key={t.id}
            type="button"
            className="lever-swatch"
            aria-pressed={value === t.id}
            aria-label={t.label}
            title={t.label}
            data-lever={t.id}
            style={{ ['--lever' as string]: t.color }}
            onClick={() => onPick(t.id)}
          >
            {mark && <LeverGlyph shape={mark.shape} color="#ffffff" size={16} />}
          </button>
        )
      })}
      <button
        type="button"
        className="lever-swatch none"
        aria-pressed={value === null}
        aria-label="No lever"
        title="No lever"
        data-lever=""
        onClick={() => onPick(null)}
      />
    </fieldset>
  )
}
