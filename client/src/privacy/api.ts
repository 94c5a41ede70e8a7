/**
 * The privacy endpoints as the browser uses them: the notice, a person's own data (their
 * device's author key in `X-Author-Key`, never anywhere else) and a facilitator's erasure.
 */
import { ApiError } from '../app/api'

/** GET /api/privacy: the join page's paragraph and the fuller page. */
export interface PrivacyNotice {
  short: string
  full: string
  retentionDays: number
  custom: boolean
}

/** A session's retention, as /me and the dashboard carry it. */
export interface Retention {
  days: number
  expiresAt: number
  warnFrom: number
  erasedAt: number | null
}

/** What an erasure answers. */
export interface ErasureAnswer {
  erased: boolean
  epoch: number | null
  notes: number
  themes: number
  dots: number
  copies: number
}

/** What erases on a board: some notes, one person's, or everything. */
export type ErasureBody = { notes: string[] } | { authorId: string } | { all: true }

const AUTHOR_KEY_HEADER = 'X-Author-Key'

async function call(
  path: string,
  init: RequestInit & { token?: string; authorKey?: string } = {},
): Promise<Response> {
  const { token, authorKey, ...rest } = init
  const headers = new Headers(rest.headers)
  if (token) headers.set('Authorization', `Bearer ${token}`)
  if (authorKey) headers.set(AUTHOR_KEY_HEADER, authorKey)
  if (rest.body !== undefined) headers.set('Content-Type', 'application/json')
  let res: Response
  try {
    res = await fetch(path, { ...rest, headers, cache: 'no-store' })
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

let notice: Promise<PrivacyNotice> | null = null

/** The operator's notice (fetched once per page). */
export function getPrivacyNotice(): Promise<PrivacyNotice> {
  notice ??= call('/api/privacy')
    .then((r) => r.json() as Promise<PrivacyNotice>)
    .catch((e: unknown) => {
      notice = null
      throw e
    })
  return notice
}

const boardPath = (boardId: string, rest: string) =>
  `/api/boards/${encodeURIComponent(boardId)}/${rest}`

/** Everything this device's author wrote on the board, as the JSON file to keep [F13.8]. */
export async function downloadMine(boardId: string, token: string, authorKey: string) {
  return (await call(boardPath(boardId, 'mine'), { token, authorKey })).blob()
}

/** Erase this device's author's notes and dots on the board [F13.3]. */
export async function eraseMine(
  boardId: string,
  token: string,
  authorKey: string,
): Promise<ErasureAnswer> {
  const res = await call(boardPath(boardId, 'mine/erase'), { method: 'POST', token, authorKey })
  return (await res.json()) as ErasureAnswer
}

/** A facilitator's erasure on a board [F13.2–F13.4]. */
export async function eraseOnBoard(
  boardId: string,
  token: string,
  body: ErasureBody,
): Promise<ErasureAnswer> {
  const res = await call(boardPath(boardId, 'erase'), {
    method: 'POST',
    token,
    body: JSON.stringify(body),
  })
  return (await res.json()) as ErasureAnswer
}
