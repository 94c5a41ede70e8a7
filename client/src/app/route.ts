/** The pages of the client, read from `location.pathname` (the server serves one index.html). */
import { ID_PATTERN } from '@sensemaking/shared'

export type Route =
  | { page: 'board'; boardId: string }
  | { page: 'session'; sessionId: string }
  | { page: 'new' }
  | { page: 'privacy' }
  | { page: 'landing' }
  | { page: 'not-found'; path: string }

/** Parse a pathname into a route; never throws. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '')
  if (parts.length === 0) return { page: 'landing' }
  const [head, id, ...rest] = parts
  if (rest.length === 0 && id !== undefined && ID_PATTERN.test(id)) {
    if (head === 'b') return { page: 'board', boardId: id }
    if (head === 's') return { page: 'session', sessionId: id }
  }
  if (parts.length === 1 && head === 'new') return { page: 'new' }
  if (parts.length === 1 && head === 'privacy') return { page: 'privacy' }
  return { page: 'not-found', path: pathname }
}

/** The page path of a board (the token travels in the fragment, never to the server). */
export function boardPath(boardId: string): string {
  return `/b/${encodeURIComponent(boardId)}`
}
