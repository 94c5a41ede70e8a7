/**
 * The lever × column chart: one horizontal stacked bar per column, each lever in its colour,
 * with a legend, and the same numbers as a table for screen readers and for copying.
 */
import type { ColumnDef, TagDef } from '@sensemaking/shared'
import { useId } from 'react'
import type { LeverColumnCounts } from './api'
import { type ChartData, leverColumnChart } from './chart'

const W = 320
const LABEL = 84
const NUM = 30
const ROW = 26
const BAR = 16
const BAR_W = W - LABEL - NUM - 8

export function LeverChart({
  counts,
  columns,
  tags,
  title,
}: {
  counts: LeverColumnCounts | undefined
  columns: readonly ColumnDef[]
  tags: readonly TagDef[]
  /** What the chart is of, for its accessible name ("Energy", "The whole session"). */
  title: string
}) {
  const data = leverColumnChart(counts, columns, tags)
  const id = useId()
  const h = data.rows.length * ROW + 4
  return (
    <figure className="lever-chart" data-total={data.total}>
      <svg
        viewBox={`0 0 ${W} ${h}`}
        role="img"
        aria-labelledby={`${id}-t`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-t`}>{describe(title, data)}</title>
        {data.rows.map((row, i) => {
          const y = i * ROW + 2
          const scale = BAR_W / data.max
          return (
            <g key={row.id} data-column={row.id} data-count={row.total}>
              <text x={LABEL - 8} y={y + BAR / 2 + 1} className="chart-label" textAnchor="end">
                {row.label}
              </text>
              <rect x={LABEL} y={y} width={BAR_W} height={BAR} rx={3} className="chart-track" />
              {row.segments.map((s) => (
                <rect
                  key={s.series.id}
                  x={LABEL + s.start * scale}
                  y={y}
                  width={Math.max(1, s.value * scale - 1)}
                  height={BAR}
                  fill={s.series.color}
                  data-lever={s.series.id}
                  data-count={s.value}
                >
                  <title>{`${row.label} · ${s.series.label}: ${s.value}`}</title>
                </rect>
              ))}
              <text x={LABEL + BAR_W + 6} y={y + BAR / 2 + 1} className="chart-num">
                {row.total}
              </text>
            </g>
          )
        })}
      </svg>
      {data.series.length > 0 ? (
        <ul className="chart-legend" aria-hidden="true">
          {data.series.map((s) => (
            <li key={s.id}>
              <span className="swatch" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : (
        <p className="chart-empty">No notes yet.</p>
      )}
      <details className="chart-table">
        <summary>Show as a table</summary>
        <ChartTable data={data} title={title} />
      </details>
    </figure>
  )
}

function ChartTable({ data, title }: { data: ChartData; title: string }) {
  return (
    <table>
      <caption className="sr-only">{`Notes by lever and column: ${title}`}</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          {data.series.map((s) => (
            <th scope="col" key={s.id}>
              {s.label}
            </th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">{row.label}</th>
            {data.series.map((s) => (
              <td key={s.id}>{row.segments.find((x) => x.series.id === s.id)?.value ?? 0}</td>
            ))}
            <td>{row.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A one-sentence reading of the chart for its accessible name. */
function describe(title: string, data: ChartData): string {
  if (data.total === 0) return `${title}: no notes yet.`
  const rows = data.rows
    .filter((r) => r.total > 0)
    .map((r) => {
      const parts = r.segments.map((s) => `${s.series.label} ${s.value}`).join(', ')
      return `${r.label} ${r.total} (${parts})`
    })
  return `${title}, notes by lever and column: ${rows.join('; ')}.`
}
