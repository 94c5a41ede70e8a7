/**
 * Requests to the board's own server: the route from the shared table, the token as
 * `Authorization: Bearer`, errors as `ApiError` (a status, the server's code and a sentence to
 * show), and JSON answers parsed with the shared schemas.
 */
import { ApiErrorReading, type ApiRoute, apiPath } from '@sensemaking/shared'

export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RequestOptions {
  /** The board's or session's id in the route's path. */
  id?: string
  token?: string | null
  query?: Record<string, string>
  /** A JSON body (POST). */
  body?: unknown
  /** More request headers (a device's author key on the own-data routes). */
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** Make a request; resolves with the response when it is 2xx, else rejects with ApiError. */
export async function request(route: ApiRoute, o: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(o.headers)
  if (o.token) headers.set('Authorization', `Bearer ${o.token}`)
  if (o.body !== undefined) headers.set('Content-Type', 'application/json')
  let res: Response
  try {
    res = await fetch(apiPath(route, o.id, o.query), {
      method: route.method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      cache: 'no-store',
      signal: o.signal,
    })
  } catch (e) {
    if (o.signal?.aborted) throw e
    throw new ApiError(0, 'network', 'The server cannot be reached.')
  }
  if (res.ok) return res
  let code = 'http'
  let message = `The server answered ${res.status}.`
  try {
    const body = ApiErrorReading.safeParse(await res.json())
    if (body.success) {
      code = body.data.error ?? code
      message = body.data.message ?? message
    }
  } catch {
    // Not JSON: keep the generic message.
  }
  throw new ApiError(res.status, code, message)
}

/** What `requestJson` needs of a schema (one of the shared zod schemas). */
export interface AnswerSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false }
}

/** A JSON answer, checked against its schema; one that does not fit is a bad response. */
export async function requestJson<T>(
  route: ApiRoute,
  schema: AnswerSchema<T>,
  o: RequestOptions = {},
): Promise<T> {
  const res = await request(route, o)
  let value: unknown
  try {
    value = await res.json()
  } catch {
    throw new ApiError(res.status, 'bad-response', 'The server’s answer could not be read.')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad-response', 'The server’s answer could not be read.')
  }
  return parsed.data
}
