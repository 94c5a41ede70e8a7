/** The session harvest [H12]: every board of a session, with a summary over all of them. */
import { toCsv } from './csv'
import { CSV_COLUMNS, csvRows, harvestNotes } from './harvestCsv'
import { HARVEST_MINOR_VERSION, PARKING_LOT, TOTAL, UNTAGGED } from './keys'
import { unionById } from './order'
import { rankLevers, rankThemes, saidNotes } from './ranking'
import type { Harvest, SessionHarvest, SessionSummary } from './schema'
import { addCounts, cityCounts, counts, participantCount } from './summary'
import { toIso } from './time'

/**
 * The summary over boards [H12.2]: every note once, a copy sent to the plenary and its source
 * being one note told where it was said [H8.4], so `notes`, `byColumn`, `byLever` and the
 * cities are of distinct notes (their keys the union of the boards', in board order) and
 * `copies` says how many copies were counted once; participants counted once across boards
 * (by author id); the levers and themes ranked across boards [H12.4].
 */
export function sessionSummary(boards: readonly Harvest[]): SessionSummary {
  const all = boards.flatMap(harvestNotes)
  const said = saidNotes(boards)
  const distinct = said.notes.map((s) => s.note)
  // The boards' zeroed keys first, so every column and lever shows, in board order.
  const byColumn = counts()
  const byLever = Object.create(null) as Record<string, Record<string, number>>
  for (const b of boards) {
    addCounts(byColumn, zeroed(b.summary.byColumn))
    for (const [lever, row] of Object.entries(b.summary.byLever)) {
      byLever[lever] = addCounts(byLever[lever] ?? counts(), zeroed(row))
    }
  }
  const untagged = byLever[UNTAGGED] ?? counts()
  byLever[UNTAGGED] = untagged
  for (const n of distinct) {
    const col = n.column ?? PARKING_LOT
    byColumn[col] = (byColumn[col] ?? 0) + 1
    const row = n.lever !== null && Object.hasOwn(byLever, n.lever) ? byLever[n.lever]! : untagged
    row[col] = (row[col] ?? 0) + 1
    row[TOTAL] = (row[TOTAL] ?? 0) + 1
  }
  return {
    boards: boards.length,
    notes: distinct.length,
    copies: all.length - distinct.length,
    participants: participantCount(distinct),
    cities: cityCounts(distinct),
    byColumn,
    byLever,
    levers: rankLevers(unionById(boards.map((b) => b.levers)), said.notes),
    themes: rankThemes(boards, said),
  }
}

/** The same keys, every count zero. */
function zeroed(from: Readonly<Record<string, number>>): Record<string, number> {
  const out = counts()
  for (const k of Object.keys(from)) out[k] = 0
  return out
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
