/**
 * The Markdown report of a session [H12.3]: one report over every room, shaped like the board
 * report, each note naming its room; rooms with notes in a table, empty rooms in one line.
 */

import { PARKING_LOT } from './keys'
import { code, countLine, displayTime, invalidLines, leverTable } from './markdown'
import { mdInline } from './mdEscape'
import { unionById } from './order'
import { type SaidNote, saidNotes } from './ranking'
import { cityLine, PARKING_LOT_TITLE, plural, reportBody, reportColumns } from './report'
import type { Harvest, SessionHarvest } from './schema'
import { cityCounts, participantCount } from './summary'

const boardTitle = (b: Harvest) =>
  b.board.title.trim() === '' ? 'Untitled board' : mdInline(b.board.title)

/**
 * The rooms with notes as a table, then the empty ones in one line. Each row counts the notes
 * said in that room, so the rows add up to the total: a plenary's copies are counted in the
 * rooms they came from, and its row says how many it holds.
 */
function rooms(
  s: SessionHarvest,
  columns: readonly { id: string; title: string }[],
  said: readonly SaidNote[],
): string[] {
  const busy = s.boards.filter((b) => b.summary.notes > 0)
  const empty = s.boards.filter((b) => b.summary.notes === 0)
  const out: string[] = []
  if (busy.length > 0) {
    const cols = [...columns, { id: PARKING_LOT, title: PARKING_LOT_TITLE }]
    out.push(
      `| Room | Participants | ${cols.map((c) => mdInline(c.title)).join(' | ')} | Notes |`,
      `| :-- | --: | ${cols.map(() => '--:').join(' | ')} | --: |`,
    )
    for (const b of busy) {
      const here = said.filter((n) => n.board.id === b.board.id).map((n) => n.note)
      const values = cols.map((c) => here.filter((n) => (n.column ?? PARKING_LOT) === c.id).length)
      const copies = b.summary.notes - here.length
      const name =
        boardTitle(b) +
        (copies > 0 ? ` (+${plural(copies, 'copy', 'copies')} counted in their rooms)` : '')
      out.push(`| ${name} | ${participantCount(here)} | ${values.join(' | ')} | ${here.length} |`)
    }
    const sum = s.summary
    const totals = cols.map((c) => sum.byColumn[c.id] ?? 0)
    out.push(`| **Total** | ${sum.participants} | ${totals.join(' | ')} | ${sum.notes} |`)
  }
  if (empty.length > 0) {
    if (out.length > 0) out.push('')
    out.push(
      `${empty.length === 1 ? 'Room' : 'Rooms'} without notes: ${empty.map(boardTitle).join(', ')}.`,
    )
  }
  return out
}

/** The session report [H12.3]. */
export function sessionHarvestToMarkdown(s: SessionHarvest): string {
  const columns = reportColumns(s.boards)
  const sum = s.summary
  // The report tells each note once (H8.4): its counts and cities are of distinct notes.
  const said = saidNotes(s.boards).notes
  const distinct = said.map((n) => n.note)
  const copies = sum.copies
  const cities = cityCounts(distinct)
  const title = s.session.title.trim() === '' ? 'Untitled session' : mdInline(s.session.title)
  const out = [
    `# Session harvest: ${title}`,
    '',
    `Exported ${displayTime(s.exportedAt)} · session ${code(s.session.id)} · ${plural(sum.boards, 'room')}`,
    '',
    sum.notes === 0
      ? 'No notes yet.'
      : countLine({ notes: said.length, participants: participantCount(distinct), cities }) +
        (copies > 0 ? ` ${plural(copies, 'copy', 'copies')} sent between rooms counted once.` : ''),
  ]
  if (cities.length > 0) out.push('', '## Cities', '', cityLine(cities))
  out.push('', '## Rooms', '', ...rooms(s, columns, said))
  if (sum.notes > 0) {
    out.push(
      ...reportBody({
        level: 1,
        boards: s.boards,
        columns,
        said,
        themes: sum.themes,
        levers: sum.levers,
        cities,
        rooms: 'always',
      }),
    )
    const levers = unionById(s.boards.map((b) => b.levers))
    out.push('', '## Levers by column, all rooms', '', ...leverTable(levers, columns, sum))
  }
  const broken = s.boards.filter((b) => b.invalid.length > 0)
  if (broken.length > 0) {
    out.push('', '## Entries the boards could not read in full', '')
    for (const b of broken) out.push(...invalidLines(b, `${boardTitle(b)}: `))
  }
  return `${out.join('\n')}\n`
}
