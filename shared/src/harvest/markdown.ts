/**
 * The Markdown report of one board [H9], in the shape of the programme's harvest report: the
 * board and its figures, the cities present, common themes, the three parts under the report's
 * headings with kinds as sub-headings and notes by lever, the levers of change ranked, then the
 * lever × column table.
 */

import { PARKING_LOT, TOTAL, UNTAGGED } from './keys'
import { isolate, mdInline } from './mdEscape'
import { saidNotes } from './ranking'
import {
  cityLine,
  heading,
  PARKING_LOT_TITLE,
  plural,
  reportBody,
  reportColumns,
  UNTAGGED_LABEL,
} from './report'
import type { Harvest, HarvestLever, HarvestSummary } from './schema'

export { cityLine, PARKING_LOT_TITLE, UNTAGGED_LABEL }

export interface MarkdownOptions {
  /** Level of the report's own heading (1: `#`). */
  level?: number
}

/** "2026-01-15 09:00 UTC" from an ISO time. */
export function displayTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** An id as inline code; ids are machine-made, but a backtick or line break must not escape. */
export const code = (id: string) => `\`${id.replace(/[`\r\n]/g, ' ')}\``

/** The lever × column table with totals [H9.6]. */
export function leverTable(
  levers: readonly Pick<HarvestLever, 'id' | 'label'>[],
  columns: readonly { id: string; title: string }[],
  summary: Pick<HarvestSummary, 'byColumn' | 'byLever' | 'notes'>,
): string[] {
  const cols = [
    ...columns.map((c) => ({ id: c.id, title: c.title })),
    { id: PARKING_LOT, title: PARKING_LOT_TITLE },
  ]
  const rows = [
    ...levers.map((l) => ({ id: l.id, label: l.label })),
    { id: UNTAGGED, label: UNTAGGED_LABEL },
  ]
  const cell = (lever: string, column: string) => summary.byLever[lever]?.[column] ?? 0
  const out = [
    `| Lever | ${cols.map((c) => mdInline(c.title)).join(' | ')} | Total |`,
    `| :-- | ${cols.map(() => '--:').join(' | ')} | --: |`,
  ]
  for (const r of rows) {
    const values = cols.map((c) => cell(r.id, c.id))
    out.push(`| ${mdInline(r.label)} | ${values.join(' | ')} | ${cell(r.id, TOTAL)} |`)
  }
  const totals = cols.map((c) => summary.byColumn[c.id] ?? 0)
  out.push(`| **Total** | ${totals.join(' | ')} | ${summary.notes} |`)
  return out
}

/** "12 notes from 5 participants in 3 cities." */
export function countLine(s: Pick<HarvestSummary, 'notes' | 'participants' | 'cities'>): string {
  return `${plural(s.notes, 'note')} from ${plural(s.participants, 'participant')} in ${plural(s.cities.length, 'city', 'cities')}.`
}

/** The entries a board could not read in full [H9.7]. */
export function invalidLines(h: Harvest, prefix = ''): string[] {
  return h.invalid.map((e) => `- ${prefix}${isolate(code(e.id))}: ${mdInline(e.reason)}`)
}

/** The Markdown report of one board's harvest [H9]. */
export function harvestToMarkdown(h: Harvest, opts: MarkdownOptions = {}): string {
  const level = opts.level ?? 1
  const title = h.board.title.trim() === '' ? 'Untitled board' : mdInline(h.board.title)
  const session = h.board.session === null ? '' : ` · session ${mdInline(h.board.session.title)}`
  const s = h.summary
  const out = [
    heading(level, `Harvest: ${title}`),
    '',
    `Exported ${displayTime(h.exportedAt)} · board ${code(h.board.id)}${session}`,
    '',
    s.notes === 0 ? 'No notes yet.' : countLine(s),
  ]
  if (s.notes > 0) {
    if (s.cities.length > 0) out.push('', heading(level + 1, 'Cities'), '', cityLine(s.cities))
    out.push(
      ...reportBody({
        level,
        boards: [h],
        columns: reportColumns([h]),
        said: saidNotes([h]).notes,
        themes: s.themes,
        levers: s.levers,
        cities: s.cities,
        rooms: 'copies',
      }),
    )
    out.push('', heading(level + 1, 'Levers by column'), '', ...leverTable(h.levers, h.columns, s))
  }
  if (h.invalid.length > 0) {
    out.push('', heading(level + 1, 'Entries the board could not read in full'), '')
    out.push(...invalidLines(h))
  }
  return `${out.join('\n')}\n`
}
