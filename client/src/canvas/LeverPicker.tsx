/** The board's levers (and none) as a row of labelled swatches. */
import type { TagDef } from '@sensemaking/shared'

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
      {tags.map((t) => (
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
        />
      ))}
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
