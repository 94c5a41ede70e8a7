/** The session harvest [H12]: every board of a session, with a summary over all of them. */
import { toCsv } from './csv'
import { CSV_COLUMNS, csvRows, harvestNotes } from './harvestCsv'
import { unionById } from './order'
import { rankLevers, rankThemes, saidNotes } from './ranking'
import {
  HARVEST_MINOR_VERSION,
  type Harvest,
  type SessionHarvest,
  type SessionSummary,
} from './schema'
import { addCounts, cityCounts, counts, participantCount } from './summary'
import { toIso } from './time'

/**
 * The summary over boards [H12]: notes, `byColumn` and `byLever` summed; participants
 * counted once across boards (by author id); cities merged by `cityKey` across boards; the
 * levers and themes ranked across boards, a copy and its source counted once [H12.4].
 */
export function sessionSummary(boards: readonly Harvest[]): SessionSummary {
  const notes = boards.flatMap(harvestNotes)
  const byColumn = counts()
  const byLever = Object.create(null) as Record<string, Record<string, number>>
  for (const b of boards) {
    addCounts(byColumn, b.summary.byColumn)
    for (const [lever, row] of Object.entries(b.summary.byLever)) {
      byLever[lever] = addCounts(byLever[lever] ?? counts(), row)
    }
  }
  const said = saidNotes(boards)
  return {
    boards: boards.length,
    notes: boards.reduce((sum, b) => sum + b.summary.notes, 0),
    participants: participantCount(notes),
    cities: cityCounts(notes),
    byColumn,
    byLever,
    levers: rankLevers(unionById(boards.map((b) => b.levers)), said.notes),
    themes: rankThemes(boards, said),
  }
}

/** Export a session: its boards' harvests, in the order given, and their summary [H12]. */
export function exportSessionHarvest(
  session: { id: string; title: string },
  boards: readonly Harvest[],
  opts: { now?: () => number } = {},
): SessionHarvest {
  return {
    format: 'sensemaking-session-harvest',
    version: 1,
    minorVersion: HARVEST_MINOR_VERSION,
    exportedAt: toIso((opts.now ?? Date.now)()),
    session: { id: session.id, title: session.title },
    boards: [...boards],
    summary: sessionSummary(boards),
  }
}

/** A session's notes as one CSV, with the board's title first on every row [H12]. */
export function sessionHarvestToCsv(s: SessionHarvest): string {
  const rows = s.boards.flatMap((b) => csvRows(b).map((r) => [b.board.title, ...r]))
  return toCsv([['board', ...CSV_COLUMNS], ...rows])
}
