/** The session endpoints the dashboard and the create-session page use (see the contract). */
import type { TimerState } from '@sensemaking/shared'
import { ApiError, type HarvestFormat } from '../app/api'
import type { Retention } from '../privacy/api'

export interface Link {
  url: string
  token: string
}

/** Notes per lever id (or "untagged"), then per column id (or "parkingLot"). */
export type LeverColumnCounts = Record<string, Record<string, number>>

export interface SessionBoard {
  id: string
  name: string
  links: { facilitator: Link; participant: Link; observer: Link }
  online: number
  notes: { total: number; byColumn: Record<string, number> }
  byLever: Record<string, number>
  /** Absent on servers older than the dashboard. */
  byLeverColumn?: LeverColumnCounts
  /** What the room shows now; absent on servers older than the rooms-now panel. */
  state?: RoomState
}

/** A room's phase, lock and timer, as the session API reports them. */
export interface RoomState {
  /** The active question's column id, or null. */
  phase: string | null
  locked: boolean
  timer: TimerState
}

export interface SessionDetail {
  id: string
  title: string
  template: string
  createdAt: number
  /** Absent on servers before retention. */
  retention?: Retention
  links: { facilitator: Link; participant: Link }
  boards: SessionBoard[]
}

export interface CreatedSession {
  id: string
  title: string
  template: string
  links: { facilitator: Link; participant: Link }
  boards: Array<{ id: string; name: string; links: SessionBoard['links'] }>
}

export interface NewSession {
  title: string
  boards: string[] | number
  template: string
}

async function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Authorization', `Bearer ${token}`)
  if (init.body !== undefined) headers.set('Content-Type', 'application/json')
  let res: Response
  try {
    res = await fetch(path, { ...init, headers, cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.')
  }
  if (res.ok) return res
  let code = 'http'
  let message = `The server answered ${res.status}.`
  try {
    const body = (await res.json()) as { error?: string; message?: string }
    code = body.error ?? code
    message = body.message ?? message
  } catch {
    // Not JSON: keep the generic message.
  }
  throw new ApiError(res.status, code, message)
}

const sessionPath = (id: string) => `/api/sessions/${encodeURIComponent(id)}`

/** Create a session with the server's admin token. */
export async function createSession(adminToken: string, s: NewSession): Promise<CreatedSession> {
  const res = await call('/api/sessions', adminToken, { method: 'POST', body: JSON.stringify(s) })
  return (await res.json()) as CreatedSession
}

/** A session's boards with their live figures (session facilitator token). */
export async function getSession(id: string, token: string, signal?: AbortSignal) {
  const res = await call(sessionPath(id), token, signal ? { signal } : {})
  return (await res.json()) as SessionDetail
}

export type TimerControl =
  | { action: 'start'; minutes: number }
  | { action: 'pause' | 'resume' | 'stop' }
  | { action: 'add'; minutes: number }

export interface SessionControl {
  phase?: string | null
  timer?: TimerControl
  locked?: boolean
  broadcast?: string | null
}

/** Apply one control to every board of the session; answers how many boards it reached. */
export async function controlSession(id: string, token: string, c: SessionControl) {
  const res = await call(`${sessionPath(id)}/control`, token, {
    method: 'POST',
    body: JSON.stringify(c),
  })
  return (await res.json()) as { boards: number }
}

/** The whole session's harvest in one format, as a file to save. */
export async function fetchSessionHarvest(id: string, token: string, format: HarvestFormat) {
  const res = await call(`${sessionPath(id)}/harvest?format=${format}`, token)
  return res.blob()
}
