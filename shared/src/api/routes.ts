/**
 * The HTTP API's routes in one table: method, path and the roles a token must give. The server
 * registers its handlers by these rows and checks their roles; the browser builds its requests
 * from them and asks them what a role may fetch. Bodies and answers: `schemas.ts`.
 */
import { ROLES, type Role, SESSION_ROLES } from '../policy/roles'

export interface ApiRoute {
  method: 'GET' | 'POST'
  /** With `:id` for the board's or session's id. */
  path: string
  /** The roles a board or session token must give; absent: the route needs no such token. */
  roles?: readonly Role[]
}

const FACILITATOR: readonly Role[] = ['facilitator']

export const API = {
  /** Run-time settings (the tldraw licence key). */
  config: { method: 'GET', path: '/api/config' },
  /** The role a token gives on a board. */
  boardMe: { method: 'GET', path: '/api/boards/:id/me', roles: ROLES },
  /** A new link for one role of the board; the old one stops working. */
  rotateBoardLink: { method: 'POST', path: '/api/boards/:id/rotate', roles: FACILITATOR },
  /** The board's harvest (`?format=json|md|csv`). */
  boardHarvest: { method: 'GET', path: '/api/boards/:id/harvest', roles: FACILITATOR },
  /** The previous epoch's last state [F10.4]: any role, a replica holds the board already. */
  boardBase: { method: 'GET', path: '/api/boards/:id/base', roles: ROLES },
  /** Who changed a note's text and when (`?note=<id>`) [F14.8]. */
  noteHistory: { method: 'GET', path: '/api/boards/:id/history', roles: FACILITATOR },
  /** Two entries of the people list are one person on this board [F14.9]. */
  mergePeople: { method: 'POST', path: '/api/boards/:id/people/merge', roles: FACILITATOR },
  /** The board as a Yjs update file. */
  boardDoc: { method: 'GET', path: '/api/boards/:id/doc', roles: FACILITATOR },
  /** A new session (the server's admin token). */
  createSession: { method: 'POST', path: '/api/sessions' },
  /** The session's figures, for its dashboard. */
  session: { method: 'GET', path: '/api/sessions/:id', roles: FACILITATOR },
  /** The room picker. */
  sessionMe: { method: 'GET', path: '/api/sessions/:id/me', roles: SESSION_ROLES },
  /** A new session-wide link for one role. */
  rotateSessionLink: { method: 'POST', path: '/api/sessions/:id/rotate', roles: FACILITATOR },
  /** The whole session's harvest (`?format=json|md|csv`). */
  sessionHarvest: { method: 'GET', path: '/api/sessions/:id/harvest', roles: FACILITATOR },
  /**
   * A person's credential [F14.1]: a new person, or (with their credential) the same person
   * under a new name or city.
   */
  person: { method: 'POST', path: '/api/people' },
  /** A one-time code that lets another device of the person become them [F14.4]. */
  personCode: { method: 'POST', path: '/api/people/code' },
  /** The person a one-time code names, for the device that typed it [F14.4]. */
  personFromCode: { method: 'POST', path: '/api/people/join' },
  /** One control (phase, timer, lock, broadcast) applied to every breakout of the session. */
  sessionControl: { method: 'POST', path: '/api/sessions/:id/control', roles: FACILITATOR },
  /** Add the session's plenary (SESSION-SPEC SE1.2). */
  addPlenary: { method: 'POST', path: '/api/sessions/:id/plenary', roles: FACILITATOR },
  /** Send notes and themes of a room to the plenary, copies with their provenance (SE2). */
  sendToPlenary: { method: 'POST', path: '/api/boards/:id/send', roles: FACILITATOR },
  /** How every copy on a board stands against its source: "changed since sent" (SE3). */
  copyStatuses: { method: 'GET', path: '/api/boards/:id/sources', roles: FACILITATOR },
  /** What every room says now, once or waiting for the next change (SE4.1–SE4.3). */
  sessionLive: { method: 'GET', path: '/api/sessions/:id/live', roles: FACILITATOR },
  /** The same as a stream of the rooms that change (SE4.5). */
  sessionLiveStream: { method: 'GET', path: '/api/sessions/:id/live/stream', roles: FACILITATOR },
  /** The privacy notice (no token: it is read before joining). */
  privacy: { method: 'GET', path: '/api/privacy' },
  /** Erase notes, a person or the whole board [F13]; the admin token may too. */
  eraseBoard: { method: 'POST', path: '/api/boards/:id/erase', roles: FACILITATOR },
  /** What the requesting author wrote on the board [F13.8]: their key in X-Author-Key. */
  ownData: { method: 'GET', path: '/api/boards/:id/mine', roles: ROLES },
  /** Erase the requesting author's notes and dots [F13.3]: their key in X-Author-Key. */
  eraseOwn: { method: 'POST', path: '/api/boards/:id/mine/erase', roles: ROLES },
} as const satisfies Record<string, ApiRoute>

/** The formats a harvest is served in. */
export const HARVEST_FORMATS = ['json', 'md', 'csv'] as const
export type HarvestFormat = (typeof HARVEST_FORMATS)[number]

/** The path of a route for a board or session id, with an optional query. */
export function apiPath(route: ApiRoute, id = '', query: Record<string, string> = {}): string {
  const path = route.path.replace(':id', encodeURIComponent(id))
  const q = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return q === '' ? path : `${path}?${q}`
}

/** True when a token with `role` may use `route`. */
export function roleMayUse(route: ApiRoute, role: Role): boolean {
  return route.roles === undefined || route.roles.includes(role)
}
