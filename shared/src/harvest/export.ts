/**
 * Harvest export v1.1 [H1]–[H8]: a pure function of a board document, its id and a clock.
 * It reads through `readBoard` only, so it never throws on a malformed document.
 */
import type * as Y from 'yjs'
import { sortColumns } from '../board/layout'
import { readBoard, voteTotal } from '../board/read'
import type { ClusterView, NoteView } from '../board/types'
import { HARVEST_MINOR_VERSION } from './keys'
import { byPosition, compareText, uniqueById } from './order'
import { type HarvestBody, rankLevers, rankThemes, saidNotes } from './ranking'
import type { Harvest, HarvestCluster, HarvestInvalid, HarvestNote } from './schema'
import { summarize } from './summary'
import { isIsoRange, toIso } from './time'

export interface ExportOptions {
  boardId: string
  /** The board is its session's plenary (the server knows it; the document does not). */
  plenary?: boolean
  /** The clock for `exportedAt`; defaults to `Date.now`. */
  now?: () => number
}

/** JSON has no -0; keep numbers as they print, so a re-read harvest compares equal. */
const plain = (n: number) => (n === 0 ? 0 : n)

function toNote(
  n: NoteView,
  votes: number,
  boardId: string,
  invalid: HarvestInvalid[],
): HarvestNote {
  // A copy cannot come from its own board: a loop, read as no source [H7.3].
  let source = n.source
  if (source?.boardId === boardId) {
    invalid.push({ id: n.id, kind: 'note', reason: 'source names this board, read as none' })
    source = null
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    if (!isIsoRange(n[field])) {
      invalid.push({
        id: n.id,
        kind: 'note',
        reason: `${field} is outside the years 0000 to 9999, exported clamped`,
      })
    }
  }
  return {
    id: n.id,
    text: n.text,
    column: n.column,
    lever: n.lever,
    kind: n.kind,
    city: n.city,
    author: n.author,
    authorId: n.authorId,
    clusterId: n.clusterId,
    votes,
    x: plain(n.x),
    y: plain(n.y),
    createdAt: toIso(n.createdAt),
    updatedAt: toIso(n.updatedAt),
    source: source && {
      boardId: source.boardId,
      boardName: source.boardName,
      noteId: source.noteId,
    },
  }
}

function clusterEntry(c: ClusterView, noteIds: string[]): HarvestCluster {
  return {
    id: c.id,
    title: c.title,
    noteIds,
    column: c.column,
    x: plain(c.x),
    y: plain(c.y),
    w: plain(c.w),
    h: plain(c.h),
    sources: c.sources.map((s) => ({
      boardId: s.boardId,
      boardName: s.boardName,
      clusterId: s.clusterId,
    })),
  }
}

/**
 * The clusters listed under one column (null: the parking lot) [H5]: those with live members
 * there (with just those members), and empty clusters whose own column it is.
 */
function clustersIn(
  column: string | null,
  clusters: readonly ClusterView[],
  members: Map<string, Map<string | null, string[]>>,
): HarvestCluster[] {
  const out: HarvestCluster[] = []
  for (const c of [...clusters].sort(byPosition)) {
    const byColumn = members.get(c.id)
    const here = byColumn?.get(column)
    if (here) out.push(clusterEntry(c, here))
    else if (!byColumn && c.column === column) out.push(clusterEntry(c, []))
  }
  return out
}

/**
 * Export a board as a harvest [H1]. Soft-deleted notes are left out [H4]; columns come in the
 * board's display order and notes by (y, x, id) [H3]; a cluster whose members sit in several
 * columns is listed under each [H5]; unreadable entries are listed in `invalid` [H6].
 */
export function exportHarvest(doc: Y.Doc, opts: ExportOptions): Harvest {
  const snap = readBoard(doc)
  const { meta } = snap
  const columns = uniqueById(sortColumns(meta.columns))
  const levers = uniqueById(meta.tags).map((t) => ({ id: t.id, label: t.label, color: t.color }))
  const invalid: HarvestInvalid[] = snap.invalid.map((e) => ({
    id: e.id,
    kind: e.kind,
    reason: e.reason,
  }))

  const notes = snap.notes
    .filter((n) => n.deletedAt === null)
    .map((n) => toNote(n, voteTotal(snap.votes, n.id), opts.boardId, invalid))
    .sort(byPosition)

  const clusterIds = new Set(snap.clusters.map((c) => c.id))
  const byColumn = new Map<string | null, HarvestNote[]>()
  const members = new Map<string, Map<string | null, string[]>>()
  for (const n of notes) {
    const list = byColumn.get(n.column) ?? []
    list.push(n)
    byColumn.set(n.column, list)
    if (n.clusterId === null || !clusterIds.has(n.clusterId)) continue
    const perColumn = members.get(n.clusterId) ?? new Map<string | null, string[]>()
    const ids = perColumn.get(n.column) ?? []
    ids.push(n.id)
    perColumn.set(n.column, ids)
    members.set(n.clusterId, perColumn)
  }

  const columnIds = columns.map((c) => c.id)
  const body: HarvestBody = {
    board: {
      id: opts.boardId,
      title: meta.title,
      template: meta.template,
      phase: meta.phase,
      session:
        meta.sessionId === null ? null : { id: meta.sessionId, title: meta.sessionTitle ?? '' },
      ...(opts.plenary ? { plenary: true as const } : {}),
    },
    levers,
    columns: columns.map((c) => ({
      id: c.id,
      title: c.title,
      prompt: c.prompt,
      heading: c.heading ?? c.title,
      kinds: (c.kinds ?? []).map((k) => ({ id: k.id, title: k.title })),
      clusters: clustersIn(c.id, snap.clusters, members),
      notes: byColumn.get(c.id) ?? [],
    })),
    parkingLot: byColumn.get(null) ?? [],
    parkingLotClusters: clustersIn(null, snap.clusters, members),
  }
  const said = saidNotes([body])
  return {
    format: 'sensemaking-harvest',
    version: 1,
    minorVersion: HARVEST_MINOR_VERSION,
    exportedAt: toIso((opts.now ?? Date.now)()),
    board: body.board,
    levers,
    columns: body.columns,
    parkingLot: body.parkingLot,
    parkingLotClusters: body.parkingLotClusters,
    invalid: invalid.sort(
      (a, b) =>
        compareText(a.id, b.id) ||
        compareText(a.kind ?? '', b.kind ?? '') ||
        compareText(a.reason, b.reason),
    ),
    summary: {
      ...summarize(
        notes,
        columnIds,
        levers.map((l) => l.id),
      ),
      levers: rankLevers(levers, said.notes),
      themes: rankThemes([body], said),
    },
  }
}
