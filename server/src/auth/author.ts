/**
 * Which author a request speaks for: the one place that decides it [F13.9].
 *
 * A note's author id is public (every replica of the board holds it), so the id alone proves
 * nothing. A device keeps a secret key and its author id is derived from that key; a request
 * for "my data" carries the key in the `X-Author-Key` header, and the request speaks for the
 * author id derived from it, never for an id it names. A server-issued person identity would
 * replace this function's body and keep its callers.
 *
 * The key is never stored and never logged.
 */
import type { IncomingMessage } from 'node:http'
import { AUTHOR_KEY_HEADER, authorIdFromKey, isAuthorKey } from '@sensemaking/shared'

/** The author id a request speaks for, or null when it carries no valid key. */
export function requestAuthor(req: IncomingMessage): string | null {
  const key = req.headers[AUTHOR_KEY_HEADER.toLowerCase()]
  return isAuthorKey(key) ? authorIdFromKey(key) : null
}
