/**
 * The lever × column chart as data: one row per column (and the parking lot when it holds
 * notes), one segment per lever, in the board's own column and tag order. Pure, so the SVG
 * and the table alternative show exactly the same numbers.
 */
import {
  type ColumnDef,
  type LeverColumnCounts,
  PARKING_LOT,
  PARKING_LOT_TITLE,
  sortColumns,
  type TagDef,
  UNTAGGED,
  UNTAGGED_LABEL,
} from '@sensemaking/shared'

/** A calm grey for notes without a lever, and for lever ids the template does not know. */
export const UNTAGGED_COLOR = '#9aa1ab'

export interface ChartSeries {
  id: string
  label: string
  color: string
}

export interface ChartSegment {
  series: ChartSeries
  value: number
  /** Sum of the segments before this one in the row. */
  start: number
}

export interface ChartRow {
  id: string
  label: string
  total: number
  segments: ChartSegment[]
}

export interface ChartData {
  /** Levers that appear in the counts, in the tag order, then unknown ids, then untagged. */
  series: ChartSeries[]
  rows: ChartRow[]
  /** The longest row (at least 1, so an empty chart still has a scale). */
  max: number
  total: number
}

const safe = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0)

/** Add lever × column counts together (the session chart sums its boards). */
export function sumCounts(list: readonly (LeverColumnCounts | undefined)[]): LeverColumnCounts {
  const out: LeverColumnCounts = Object.create(null)
  for (const counts of list) {
    for (const [lever, byColumn] of Object.entries(counts ?? {})) {
      const row = out[lever] ?? (Object.create(null) as Record<string, number>)
      out[lever] = row
      for (const [column, n] of Object.entries(byColumn ?? {})) {
        row[column] = (row[column] ?? 0) + safe(n)
      }
    }
  }
  return out
}

/** The chart of one set of counts, following the board's columns and tags. */
export function leverColumnChart(
  counts: LeverColumnCounts | undefined,
  columns: readonly ColumnDef[],
  tags: readonly TagDef[],
): ChartData {
  const c = counts ?? {}
  const known = new Set(tags.map((t) => t.id))
  const has = (lever: string) => Object.values(c[lever] ?? {}).some((n) => safe(n) > 0)
  const series: ChartSeries[] = [
    ...tags.filter((t) => has(t.id)).map((t) => ({ id: t.id, label: t.label, color: t.color })),
    ...Object.keys(c)
      .filter((id) => id !== UNTAGGED && !known.has(id) && has(id))
      .sort()
      .map((id) => ({ id, label: id, color: UNTAGGED_COLOR })),
    ...(has(UNTAGGED) ? [{ id: UNTAGGED, label: UNTAGGED_LABEL, color: UNTAGGED_COLOR }] : []),
  ]
  const sorted = sortColumns(columns)
  const rowDefs = sorted.map((col) => ({ id: col.id, label: col.title }))
  const parked = series.some((s) => safe(c[s.id]?.[PARKING_LOT]) > 0)
  if (parked) rowDefs.push({ id: PARKING_LOT, label: PARKING_LOT_TITLE })

  const rows = rowDefs.map(({ id, label }) => {
    let start = 0
    const segments: ChartSegment[] = []
    for (const s of series) {
      const value = safe(c[s.id]?.[id])
      if (value === 0) continue
      segments.push({ series: s, value, start })
      start += value
    }
    return { id, label, total: start, segments }
  })
  const total = rows.reduce((sum, r) => sum + r.total, 0)
  return { series, rows, max: Math.max(1, ...rows.map((r) => r.total)), total }
}
