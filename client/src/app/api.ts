/** The server's HTTP API as the client uses it (see the shared contract). */
import { isRole, type Role } from '../board/permissions'
import type { Retention } from '../privacy/api'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

async function request(path: string, token: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  if (token) headers.set('Authorization', `Bearer ${token}`)
  let res: Response
  try {
    res = await fetch(path, { ...init, headers })
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.')
  }
  if (!res.ok) {
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
  return res
}

async function json<T>(path: string, token: string | null): Promise<T> {
  return (await (await request(path, token)).json()) as T
}

export interface BoardMe {
  role: Role
  board: { id: string; title: string; sessionId: string | null; sessionTitle: string | null }
  /** The session's retention; absent from servers before it. */
  retention?: Retention | null
  serverTime: number
}

/** The role a token gives on a board (404 for an unknown board or a wrong token alike). */
export async function getBoardMe(boardId: string, token: string): Promise<BoardMe> {
  const me = await json<BoardMe>(`/api/boards/${encodeURIComponent(boardId)}/me`, token)
  if (!isRole(me.role)) throw new ApiError(500, 'bad-response', 'Unknown role from the server.')
  return me
}

export interface SessionMe {
  role: 'facilitator' | 'participant'
  session: { id: string; title: string }
  boards: Array<{ id: string; name: string; online: number }>
}

export function getSessionMe(sessionId: string, token: string): Promise<SessionMe> {
  return json<SessionMe>(`/api/sessions/${encodeURIComponent(sessionId)}/me`, token)
}

export interface ClientConfig {
  tldrawLicenseKey: string | null
}

let config: Promise<ClientConfig> | null = null

/** Runtime settings the server hands out (the tldraw licence key); fetched once. */
export function getConfig(): Promise<ClientConfig> {
  config ??= json<ClientConfig>('/api/config', null).catch(() => ({ tldrawLicenseKey: null }))
  return config
}

export type HarvestFormat = 'json' | 'md' | 'csv'

/** A board's harvest as the server computes it (facilitator tokens). */
export async function fetchHarvest(
  boardId: string,
  token: string,
  format: HarvestFormat,
): Promise<Blob> {
  const res = await request(
    `/api/boards/${encodeURIComponent(boardId)}/harvest?format=${format}`,
    token,
  )
  return res.blob()
}

/** The previous epoch's last state of a rebased board [F10.4] (404 when it has none). */
export async function boardBase(boardId: string, token: string): Promise<Uint8Array> {
  const res = await request(`/api/boards/${encodeURIComponent(boardId)}/base`, token)
  return new Uint8Array(await res.arrayBuffer())
}
