/**
 * Reading presence: awareness states come from other clients and may be anything, so every
 * field is checked and capped, and a reader never throws [P1]. Display only: nothing on the
 * board is decided from presence [P8].
 */
import { isRole, type Role } from '../policy/roles'
import { FRAME_DRAG_PREFIX, PRESENCE, PRESENCE_USER } from './keys'

export interface Point {
  x: number
  y: number
}

export interface PresenceViewport {
  x: number
  y: number
  w: number
  h: number
}

/** Who a client is [P2]. */
export interface PresenceUser {
  id: string
  name: string
  city: string
  color: string
  role: Role
}

/** What this client's presence holds, as every client writes it (the writer's side). */
export interface PresenceFields {
  [PRESENCE.user]: PresenceUser
  [PRESENCE.cursor]: Point | null
  [PRESENCE.drag]: Record<string, Point> | null
  [PRESENCE.viewport]: PresenceViewport
  [PRESENCE.drafts]: number
}

/** One client's presence as read: each field checked, null when missing or malformed. */
export interface Presence {
  user: PresenceUser | null
  cursor: Point | null
  /** Key (note id, or `frame:` and a cluster id) → top-left of the shape in flight. */
  drag: Record<string, Point> | null
  viewport: PresenceViewport | null
  drafts: number
}

/** Strings are cut at this length [P2]. */
export const MAX_PRESENCE_TEXT = 80
/** At most this many dragged shapes are read from one client [P4]. */
export const MAX_DRAGGED = 500
/** Draft counts read above this are this [P6]. */
export const MAX_DRAFTS = 10_000
/** What a color that is not a plain hex or hsl() reads as [P2]. */
export const UNKNOWN_COLOR = '#666666'

const COLOR = /^(#[0-9a-f]{3,8}|hsl\([\d.% ]+\))$/i

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_PRESENCE_TEXT) : '')
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null

function readPoint(v: unknown): Point | null {
  const p = record(v)
  return p && finite(p.x) && finite(p.y) ? { x: p.x, y: p.y } : null
}

/** [P2] A user without an id is nobody; other fields fall back to safe values. */
export function readPresenceUser(v: unknown): PresenceUser | null {
  const u = record(v)
  if (!u) return null
  const id = text(u[PRESENCE_USER.id])
  if (id === '') return null
  const color = text(u[PRESENCE_USER.color])
  const role = u[PRESENCE_USER.role]
  return {
    id,
    name: text(u[PRESENCE_USER.name]) || 'Someone',
    city: text(u[PRESENCE_USER.city]),
    color: COLOR.test(color) ? color : UNKNOWN_COLOR,
    role: isRole(role) ? role : 'participant',
  }
}

function readDrag(v: unknown): Record<string, Point> | null {
  const d = record(v)
  if (!d) return null
  const out: Record<string, Point> = {}
  let n = 0
  for (const [key, value] of Object.entries(d)) {
    const p = readPoint(value)
    if (p && n++ < MAX_DRAGGED) out[key] = p
  }
  return out
}

function readViewport(v: unknown): PresenceViewport | null {
  const r = record(v)
  if (!r || !finite(r.x) || !finite(r.y) || !finite(r.w) || !finite(r.h)) return null
  if (r.w <= 0 || r.h <= 0) return null
  return { x: r.x, y: r.y, w: r.w, h: r.h }
}

function readDrafts(v: unknown): number {
  return finite(v) && v >= 1 ? Math.min(MAX_DRAFTS, Math.floor(v)) : 0
}

/** One client's awareness state, read tolerantly [P1]. */
export function readPresence(state: unknown): Presence {
  const s = record(state) ?? {}
  return {
    user: readPresenceUser(s[PRESENCE.user]),
    cursor: readPoint(s[PRESENCE.cursor]),
    drag: readDrag(s[PRESENCE.drag]),
    viewport: readViewport(s[PRESENCE.viewport]),
    drafts: readDrafts(s[PRESENCE.drafts]),
  }
}

/** A client of the board with who they are, and their presence. */
export interface PresentClient extends Presence {
  clientId: number
  user: PresenceUser
}

/** Every other client that says who it is [P2], in the states' order. */
export function presentClients(
  states: ReadonlyMap<number, unknown>,
  selfClientId: number,
): PresentClient[] {
  const out: PresentClient[] = []
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue
    const p = readPresence(state)
    if (p.user) out.push({ ...p, clientId, user: p.user })
  }
  return out
}

/** The drag key of a theme's frame, and back [P4]. */
export const frameDragKey = (clusterId: string) => `${FRAME_DRAG_PREFIX}${clusterId}`
export function clusterOfDragKey(key: string): string | null {
  return key.startsWith(FRAME_DRAG_PREFIX) ? key.slice(FRAME_DRAG_PREFIX.length) : null
}
