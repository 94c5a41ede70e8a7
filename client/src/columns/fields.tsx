/** The labelled selects of a note: lever, column and theme. Native selects: every device and screen reader knows them. */
import type { ClusterView, ColumnDef, TagDef } from '@sensemaking/shared'
import { sortColumns } from '@sensemaking/shared'
import { useId } from 'react'
import { PARKING_LOT_TITLE } from './model'

const NONE = ''

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
  const id = useId()
  const color = tags.find((t) => t.id === value)?.color
  return (
    <div className="field-inline">
      <label htmlFor={id}>Lever</label>
      <span className="select-wrap" style={color ? { ['--lever' as string]: color } : undefined}>
        <select
          id={id}
          value={value ?? NONE}
          disabled={disabled}
          data-field="lever"
          onChange={(e) => onChange(e.target.value === NONE ? null : e.target.value)}
        >
          <option value={NONE}>No lever</option>
          {tags.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </span>
    </div>
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
  const id = useId()
  return (
    <div className="field-inline">
      <label htmlFor={id}>Column</label>
      <span className="select-wrap">
        <select
          id={id}
          value={value ?? NONE}
          data-field="column"
          onChange={(e) => onChange(e.target.value === NONE ? null : e.target.value)}
        >
          {sortColumns(columns).map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
          <option value={NONE}>{PARKING_LOT_TITLE}</option>
        </select>
      </span>
    </div>
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
  const id = useId()
  return (
    <div className="field-inline">
      <label htmlFor={id}>Theme</label>
      <span className="select-wrap">
        <select
          id={id}
          value={value ?? NONE}
          data-field="theme"
          onChange={(e) => onChange(e.target.value === NONE ? null : e.target.value)}
        >
          <option value={NONE}>No theme</option>
          {themes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title || 'Untitled theme'}
            </option>
          ))}
        </select>
      </span>
    </div>
  )
}
