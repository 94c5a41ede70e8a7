/** The harvest as CSV, one row per note [H10]. */
import { toCsv } from './csv'
import { PARKING_LOT_TITLE } from './report'
import type { Harvest, HarvestNote } from './schema'

/** The header of a board CSV; a session CSV puts `board` first [H10]. */
export const CSV_COLUMNS = [
  'column',
  'lever',
  'cluster',
  'city',
  'author',
  'text',
  'votes',
  'created',
  'updated',
  'id',
  // Added in 1.1 at the end, so sheets and scripts that read columns by position keep working.
  'kind',
  'source',
  'sourceBoardId',
  'sourceNoteId',
] as const

/** Every note of a harvest in the order of the report: columns, then the parking lot. */
export function harvestNotes(h: Harvest): HarvestNote[] {
  return [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]
}

/** The cells of a board's notes, in `CSV_COLUMNS` order. */
export function csvRows(h: Harvest): (string | number)[][] {
  const columnTitle = new Map(h.columns.map((c) => [c.id, c.title]))
  const leverLabel = new Map(h.levers.map((l) => [l.id, l.label]))
  const clusterTitle = new Map<string, string>()
  for (const c of [...h.columns.flatMap((col) => col.clusters), ...(h.parkingLotClusters ?? [])]) {
    clusterTitle.set(c.id, c.title)
  }
  const kindTitle = new Map(
    h.columns.flatMap((c) => c.kinds.map((k) => [`${c.id}\u0000${k.id}`, k.title] as const)),
  )
  return harvestNotes(h).map((n) => [
    n.column === null ? PARKING_LOT_TITLE : (columnTitle.get(n.column) ?? n.column),
    n.lever === null ? '' : (leverLabel.get(n.lever) ?? n.lever),
    n.clusterId === null ? '' : (clusterTitle.get(n.clusterId) ?? ''),
    n.city,
    n.author,
    n.text,
    n.votes,
    n.createdAt,
    n.updatedAt,
    n.id,
    n.kind === null ? '' : (kindTitle.get(`${n.column}\u0000${n.kind}`) ?? n.kind),
    n.source?.boardName ?? '',
    n.source?.boardId ?? '',
    n.source?.noteId ?? '',
  ])
}

/** A board's harvest as CSV: UTF-8 with BOM, CRLF rows, formula-guarded cells [H10]. */
export function harvestToCsv(h: Harvest): string {
  return toCsv([[...CSV_COLUMNS], ...csvRows(h)])
}
