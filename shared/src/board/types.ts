/** Plain, validated views of a board document, as readers see it. */
import type { NoteSource, ThemeSource } from '../provenance/source'
import type { ColumnDef, TagDef } from '../schema/template'

export interface BoardMeta {
  title: string
  formatVersion: number | null
  template: string
  columns: ColumnDef[]
  tags: TagDef[]
  /** The active column id, or null. */
  phase: string | null
  locked: boolean
  sessionId: string | null
  sessionTitle: string | null
}

export interface NoteView {
  id: string
  text: string
  /** A column id of the board, or null for the parking lot. */
  column: string | null
  /** A tag id of the board, or null. */
  lever: string | null
  /** A kind id of the note's column, or null [F3.9]. */
  kind: string | null
  city: string
  author: string
  authorId: string
  x: number
  y: number
  clusterId: string | null
  createdAt: number
  updatedAt: number
  deletedAt: number | null
  /** Read-only for participants [F8.5]. */
  locked: boolean
  /** Where the note was sent from, when it is a copy from another board [F11]. */
  source: NoteSource | null
}

export interface ClusterView {
  id: string
  title: string
  column: string | null
  x: number
  y: number
  w: number
  h: number
  /** Read-only for participants [F8.5]. */
  locked: boolean
  /** The themes of other boards this one was sent from [F11]; empty for most. */
  sources: ThemeSource[]
}

/** Something a reader found wrong and reported instead of throwing [F9]. */
export interface InvalidEntry {
  id: string
  kind: 'note' | 'cluster' | 'vote' | 'board'
  reason: string
}

export interface BoardSnapshot {
  meta: BoardMeta
  /** Every readable note, soft-deleted ones included (check `deletedAt`). */
  notes: NoteView[]
  clusters: ClusterView[]
  /** note id → voter id → dots. */
  votes: Map<string, Map<string, number>>
  invalid: InvalidEntry[]
}
