/** Page links with their tokens in the fragment (`#t=`), so the token never reaches a server log. */
import type { BoardLinks, Link, Role, SessionLinks } from '@sensemaking/shared'
import { type AccessControl, BOARD_ROLES, SESSION_ROLES } from '../auth/access'

export function boardLink(ac: AccessControl, baseUrl: string, boardId: string, role: Role): Link {
  const token = ac.token('board', boardId, role)
  return { url: `${baseUrl}/b/${encodeURIComponent(boardId)}#t=${token}`, token }
}

export function sessionLink(
  ac: AccessControl,
  baseUrl: string,
  sessionId: string,
  role: Role,
): Link {
  const token = ac.token('session', sessionId, role)
  return { url: `${baseUrl}/s/${encodeURIComponent(sessionId)}#t=${token}`, token }
}

export function boardLinks(ac: AccessControl, baseUrl: string, boardId: string): BoardLinks {
  return Object.fromEntries(
    BOARD_ROLES.map((r) => [r, boardLink(ac, baseUrl, boardId, r)]),
  ) as BoardLinks
}

export function sessionLinks(ac: AccessControl, baseUrl: string, sessionId: string): SessionLinks {
  return Object.fromEntries(
    SESSION_ROLES.map((r) => [r, sessionLink(ac, baseUrl, sessionId, r)]),
  ) as SessionLinks
}
