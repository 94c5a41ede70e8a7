/**
 * The canvas's own shape types. They are a view of board format v1: every prop is derived
 * from the document (see mapping.ts) and nothing here is stored anywhere else.
 */
import type { TLShape } from 'tldraw'

export const NOTE_SHAPE = 'board-note' as const
export const CLUSTER_SHAPE = 'board-cluster' as const
export const COLUMN_SHAPE = 'board-column' as const

/** A sticky. Empty strings stand for null (no lever, the parking lot, no cluster). */
export interface NoteShapeProps {
  w: number
  h: number
  /** A copy of the note's Y.Text for display; the editor binds to the Y.Text itself. */
  text: string
  lever: string
  leverLabel: string
  leverColor: string
  /** A kind of the note's column [F3.9], and its title. */
  kind: string
  kindLabel: string
  city: string
  author: string
  authorId: string
  column: string
  clusterId: string
  /** Locked by a facilitator: read-only for participants [F8.5]. */
  locked: boolean
  /** On a copy sent from another board (a room, to the plenary): that room's name [F11.1]. */
  sourceRoom: string
}

/** A named theme: a frame drawn behind its notes (notes are never tldraw children of it). */
export interface ClusterShapeProps {
  w: number
  h: number
  title: string
  column: string
  locked: boolean
  /** On a theme sent from other boards: their names, joined [F11.2]. */
  sourceRooms: string
}

/** The region of one column (or of the parking lot, columnId ''), locked, behind everything. */
export interface ColumnShapeProps {
  w: number
  h: number
  columnId: string
  title: string
  prompt: string
  /** The active question (the board's phase). */
  active: boolean
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    'board-note': NoteShapeProps
    'board-cluster': ClusterShapeProps
    'board-column': ColumnShapeProps
  }
}

export type NoteShape = TLShape<typeof NOTE_SHAPE>
export type ClusterShape = TLShape<typeof CLUSTER_SHAPE>
export type ColumnShape = TLShape<typeof COLUMN_SHAPE>
