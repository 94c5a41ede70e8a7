/**
 * Sessions and boards as both SQL stores keep them (the same columns in SQLite and
 * PostgreSQL), and the records they are read into.
 */
import type { BoardRecord, SessionRecord } from './types'

export interface SessionRow {
  id: string
  title: string
  template: string
  created_at: number
  expires_at: number | null
  erased_at: number | null
}

export interface BoardRow {
  id: string
  session_id: string
  name: string
  position: number
  created_at: number
  /** A boolean in PostgreSQL, 0 or 1 in SQLite; absent in a read-only SQLite store of a data
   * dir made before plenaries. */
  plenary?: boolean | number
}

export const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  title: r.title,
  template: r.template,
  createdAt: r.created_at,
  expiresAt: r.expires_at ?? null,
  erasedAt: r.erased_at ?? null,
})

export const toBoard = (r: BoardRow): BoardRecord => ({
  id: r.id,
  sessionId: r.session_id,
  name: r.name,
  position: r.position,
  createdAt: r.created_at,
  ...(r.plenary ? { plenary: true as const } : {}),
})
