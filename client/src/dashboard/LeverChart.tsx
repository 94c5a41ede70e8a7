/**
 * The lever × column chart: one horizontal stacked bar per column, each lever in its colour,
 * with a legend, and the same numbers as a table for screen readers and for copying.
 */
import type { ColumnDef, LeverColumnCounts, TagDef } from '@sensemaking/shared'
import { LeverGlyph } from '../levers/LeverGlyph'
import { markOf } from '../levers/marks'
import { type ChartData, leverColumnChart } from './chart'

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
  return (
    <figure className="lever-chart" data-total={data.total}>
      {/* Labels and counts are HTML, so they stay readable at any width; each bar is an SVG
          scaled to the longest row. */}
      <div className="chart-rows" role="img" aria-label={describe(title, data)}>
        {data.rows.map((row) => (
          <div key={row.id} className="chart-row" data-column={row.id} data-count={row.total}>
            <span className="chart-label">{row.label}</span>
            <svg
              className="chart-bar"
              viewBox={`0 0 ${data.max} 1`}
              preserveAspectRatio="none"
              aria-hidden="true"
              focusable="false"
            >
              <rect className="chart-track" x={0} y={0} width={data.max} height={1} />
              {row.segments.map((s) => (
                <rect
                  key={s.series.id}
                  x={s.start}
                  y={0}
                  width={s.value}
                  height={1}
                  fill={s.series.color}
                  className="chart-segment"
                  data-lever={s.series.id}
                  data-count={s.value}
                >
                  <title>{`${row.label} · ${s.series.label}: ${s.value}`}</title>
                </rect>
              ))}
            </svg>
            <span className="chart-num">{row.total}</span>
          </div>
        ))}
      </div>
      {data.series.length > 0 ? (
        <ul className="chart-legend" aria-hidden="true">
          {data.series.map((s) => {
            const mark = markOf(tags, s.id)
            return (
              <li key={s.id}>
                {mark ? (
                  <LeverGlyph shape={mark.shape} color={s.color} size={12} />
                ) : (
                  <span className="swatch" style={{ background: s.color }} />
                )}
                {s.label}
              </li>
            )
          })}
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
  // The table may be wider than its card: its scrolling box takes the keyboard focus, so it
  // can be scrolled without a mouse.
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="chart-table-scroll" tabIndex={0} aria-label={`Table: ${title}`}>
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
    </section>
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
