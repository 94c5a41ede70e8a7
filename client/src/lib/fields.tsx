/** The labelled selects of a note: lever, kind, column and theme. Native selects: every device and screen reader knows them. */
import type { ClusterView, ColumnDef, KindDef, TagDef } from '@sensemaking/shared'
import { PARKING_LOT_TITLE, sortColumns } from '@sensemaking/shared'
import type { CSSProperties } from 'react'
import { useId } from 'react'
import { useShownValue } from './useShownValue'

const NONE = ''

/** A labelled native select of ids where one option stands for null. */
function InlineSelect({
  label,
  field,
  value,
  onChange,
  options,
  none,
  disabled,
  style,
}: {
  label: string
  /** `data-field` of the select, which tests and styles find it by. */
  field: string
  value: string | null
  onChange(value: string | null): void
  options: ReadonlyArray<{ id: string; label: string }>
  /** The null option: its label, and whether it comes before or after the others. */
  none: { label: string; at: 'first' | 'last' }
  disabled?: boolean
  style?: CSSProperties
}) {
  const id = useId()
  const [shown, show] = useShownValue(value)
  const noneOption = <option value={NONE}>{none.label}</option>
  return (
    <div className="field-inline">
      <label htmlFor={id}>{label}</label>
      <span className="select-wrap" style={style}>
        <select
          id={id}
          value={shown ?? NONE}
          disabled={disabled}
          data-field={field}
          onChange={(e) => {
            const chosen = e.target.value === NONE ? null : e.target.value
            show(chosen)
            onChange(chosen)
          }}
        >
          {none.at === 'first' && noneOption}
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
          {none.at === 'last' && noneOption}
        </select>
      </span>
    </div>
  )
}

export function LeverSelect({
  tags,
  value,
  onChange,
  disabled,
}: {
  tags: readonly TagDef[]
  value: string | null
  onChange(lever: string | null): void
  disabled?: boolean
}) {
  const color = tags.find((t) => t.id === value)?.color
  return (
    <InlineSelect
      label="Lever"
      field="lever"
      value={value}
      onChange={onChange}
      options={tags}
      none={{ label: 'No lever', at: 'first' }}
      disabled={disabled}
      style={color ? { ['--lever' as string]: color } : undefined}
    />
  )
}

/** The kinds of note the column offers (F2.8); optional, so "No kind" is always there. */
export function KindSelect({
  kinds,
  value,
  onChange,
}: {
  kinds: readonly KindDef[]
  value: string | null
  onChange(kind: string | null): void
}) {
  return (
    <InlineSelect
      label="Kind"
      field="kind"
      value={value}
      onChange={onChange}
      options={kinds.map((k) => ({ id: k.id, label: k.title }))}
      none={{ label: 'No kind', at: 'first' }}
    />
  )
}

export function ColumnSelect({
  columns,
  value,
  onChange,
}: {
  columns: readonly ColumnDef[]
  value: string | null
  onChange(column: string | null): void
}) {
  return (
    <InlineSelect
      label="Column"
      field="column"
      value={value}
      onChange={onChange}
      options={sortColumns(columns).map((c) => ({ id: c.id, label: c.title }))}
      none={{ label: PARKING_LOT_TITLE, at: 'last' }}
    />
  )
}

export function ThemeSelect({
  themes,
  value,
  onChange,
}: {
  themes: readonly ClusterView[]
  value: string | null
  onChange(clusterId: string | null): void
}) {
  return (
    <InlineSelect
      label="Theme"
      field="theme"
      value={value}
      onChange={onChange}
      options={themes.map((c) => ({ id: c.id, label: c.title || 'Untitled theme' }))}
      none={{ label: 'No theme', at: 'first' }}
    />
  )
}
