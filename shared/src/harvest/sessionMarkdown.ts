/** The Markdown report of a session [H12]: a table of its boards, then each board's report. */
import { cityLine, displayTime, harvestToMarkdown, leverTable, PARKING_LOT_TITLE } from './markdown'
import { mdInline } from './mdEscape'
import type { Harvest, SessionHarvest } from './schema'
import { PARKING_LOT } from './schema'

/** Columns and levers of all boards by id, in the order they first appear. */
function union<T extends { id: string }>(lists: readonly (readonly T[])[]): T[] {
  const out = new Map<string, T>()
  for (const list of lists) for (const item of list) if (!out.has(item.id)) out.set(item.id, item)
  return [...out.values()]
}

const boardTitle = (b: Harvest) =>
  b.board.title.trim() === '' ? 'Untitled board' : mdInline(b.board.title)

/** The session report: summary tables, then every board's report one heading level down. */
export function sessionHarvestToMarkdown(s: SessionHarvest): string {
  const columns = union(s.boards.map((b) => b.columns))
  const levers = union(s.boards.map((b) => b.levers))
  const cols = [...columns, { id: PARKING_LOT, title: PARKING_LOT_TITLE }]
  const sum = s.summary
  const out = [
    `# Session harvest: ${s.session.title.trim() === '' ? 'Untitled session' : mdInline(s.session.title)}`,
    '',
    `Exported ${displayTime(s.exportedAt)} · ${sum.boards} boards · ${sum.notes} notes from ${sum.participants} participants in ${sum.cities.length} cities${sum.cities.length > 0 ? `: ${cityLine(sum)}` : ''}.`,
    '',
    '## Boards',
    '',
    `| Board | Participants | ${cols.map((c) => mdInline(c.title)).join(' | ')} | Notes |`,
    `| :-- | --: | ${cols.map(() => '--:').join(' | ')} | --: |`,
  ]
  for (const b of s.boards) {
    const values = cols.map((c) => b.summary.byColumn[c.id] ?? 0)
    out.push(
      `| ${boardTitle(b)} | ${b.summary.participants} | ${values.join(' | ')} | ${b.summary.notes} |`,
    )
  }
  const totals = cols.map((c) => sum.byColumn[c.id] ?? 0)
  out.push(`| **Total** | ${sum.participants} | ${totals.join(' | ')} | ${sum.notes} |`)
  out.push('', '## Levers by column, all boards', '', ...leverTable(levers, columns, sum))
  const text = `${out.join('\n')}\n`
  return [text, ...s.boards.map((b) => harvestToMarkdown(b, { level: 2 }))].join('\n')
}
