/** JSON answers, errors as `{ error, message }`, and request helpers. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type * as z from 'zod/mini'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** The one answer for an unknown board or session and for a wrong token, so ids cannot be probed. */
export const notFound = () =>
  new HttpError(404, 'not_found', 'No such board or session, or the link is not valid for it')

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  })
  res.end(text)
}

/** 304: the client's copy (named by its `If-None-Match`) is current. */
export function sendNotModified(res: ServerResponse, etag: string): void {
  res.writeHead(304, { etag, 'cache-control': 'no-store' })
  res.end()
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
): void {
  sendJson(res, status, { error, message })
}

/** Send a body of another type (harvest files, the document). */
export function sendBody(
  res: ServerResponse,
  contentType: string,
  body: string | Uint8Array,
  extra: Record<string, string> = {},
): void {
  const buf =
    typeof body === 'string'
      ? Buffer.from(body)
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': buf.length,
    'cache-control': 'no-store',
    ...extra,
  })
  res.end(buf)
}

/**
 * The token of a request: `Authorization: Bearer T` only [G11]. A token in the URL would be
 * kept by proxies, access logs and browser history; the client fetches downloads with the
 * header and saves them from memory, so no route needs one there.
 */
export function requestToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null
  return null
}

const MAX_JSON_BYTES = 64 * 1024

/** Read and validate a JSON body; 400 with the first problem when it does not fit `schema`. */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodMiniType<T>): Promise<T> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req) {
    size += (c as Buffer).length
    if (size > MAX_JSON_BYTES)
      throw new HttpError(413, 'too_large', 'The request body is too large')
    chunks.push(c as Buffer)
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'bad_request', 'The request body is not JSON')
  }
  const r = schema.safeParse(value)
  if (!r.success) {
    const issue = r.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new HttpError(400, 'bad_request', `${where}${issue?.message ?? 'invalid body'}`)
  }
  return r.data
}
