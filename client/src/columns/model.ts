/**
 * The columns view's model, pure: the board's notes grouped by column (in the board's own
 * column order), then by theme (cluster), then the notes in no theme, each in reading order
 * on the board (top to bottom, left to right, then id), like the harvest.
 */
import {
  type BoardMeta,
  byPosition,
  type ClusterView,
  type ColumnDef,
  liveNotes,
  type NoteView,
  PARKING_LOT_TITLE,
  sortColumns,
} from '@sensemaking/shared'

export interface ThemeGroup {
  /** null: the notes in no theme. */
  cluster: ClusterView | null
  notes: NoteView[]
}

export interface ColumnGroup {
  /** A column id, or null for the parking lot. */
  id: string | null
  title: string
  prompt: string
  groups: ThemeGroup[]
  /** Live notes in the column. */
  count: number
}

export interface GroupedBoard {
  columns: ColumnGroup[]
  parkingLot: ColumnGroup
}

const PARKING_LOT_PROMPT = 'Notes outside every column.'

function groupColumn(
  def: Pick<ColumnDef, 'title' | 'prompt'> & { id: string | null },
  notes: NoteView[],
  clusters: ReadonlyMap<string, ClusterView>,
): ColumnGroup {
  const byTheme = new Map<string, NoteView[]>()
  const loose: NoteView[] = []
  for (const n of notes) {
    // A clusterId naming no cluster reads as no theme [F4.5].
    if (n.clusterId !== null && clusters.has(n.clusterId)) {
      const list = byTheme.get(n.clusterId) ?? []
      list.push(n)
      byTheme.set(n.clusterId, list)
    } else {
      loose.push(n)
    }
  }
  const themes = [...byTheme.keys()].map((id) => clusters.get(id)!).sort(byPosition)
  const groups: ThemeGroup[] = themes.map((cluster) => ({
    cluster,
    notes: byTheme.get(cluster.id)!.sort(byPosition),
  }))
  if (loose.length > 0) groups.push({ cluster: null, notes: loose.sort(byPosition) })
  return { id: def.id, title: def.title, prompt: def.prompt, groups, count: notes.length }
}

/** Group the live (not deleted) notes of a board for the columns view. */
export function groupBoard(
  meta: Pick<BoardMeta, 'columns'>,
  notes: Iterable<NoteView>,
  clusters: ReadonlyMap<string, ClusterView>,
): GroupedBoard {
  const columns = sortColumns(meta.columns)
  const perColumn = new Map<string | null, NoteView[]>()
  for (const n of liveNotes(notes)) {
    const list = perColumn.get(n.column) ?? []
    list.push(n)
    perColumn.set(n.column, list)
  }
  return {
    columns: columns.map((c) => groupColumn(c, perColumn.get(c.id) ?? [], clusters)),
    parkingLot: groupColumn(
      { id: null, title: PARKING_LOT_TITLE, prompt: PARKING_LOT_PROMPT },
      perColumn.get(null) ?? [],
      clusters,
    ),
  }
}

/** The first `limit` notes of a column, keeping the groups (a long column is shown in pages). */
export function firstNotes(groups: readonly ThemeGroup[], limit: number): ThemeGroup[] {
  const out: ThemeGroup[] = []
  let left = limit
  for (const g of groups) {
    if (left <= 0) break
    const notes = g.notes.length <= left ? g.notes : g.notes.slice(0, left)
    left -= notes.length
    out.push(notes === g.notes ? g : { cluster: g.cluster, notes })
  }
  return out
}

/** The themes a note of `column` may join: the column's own themes, by position. */
export function themesOf(
  clusters: ReadonlyMap<string, ClusterView>,
  column: string | null,
): ClusterView[] {
  return [...clusters.values()].filter((c) => c.column === column).sort(byPosition)
}
