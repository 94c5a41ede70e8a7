/** What the HTTP handlers share. */
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { AccessControl } from '../auth/access'
import type { People } from '../auth/people'
import type { PersonCodeStore } from '../auth/personCodes'
import { openedBefore, type Rotated } from '../auth/rotated'
import type { Cluster } from '../cluster/cluster'
import type { OnOwner } from '../cluster/onOwner'
import type { RemoteRooms } from '../cluster/remoteRooms'
import type { LiveWatch } from '../live/watch'
import type { ServerMetrics } from '../metrics'
import type { SourceDigests } from '../plenary/sourceDigests'
import type { NoticeText } from '../privacy/notice'
import type { RetentionPolicy } from '../privacy/retention'
import type { Access } from '../rooms/connection'
import { readStoredDocInSlices } from '../rooms/loadDoc'
import type { Room } from '../rooms/Room'
import type { Rooms } from '../rooms/Rooms'
import type { BoardRecord, BoardStorage } from '../storage/types'
import type { BoardWrites } from './boardWrites'
import { HttpError, notFound } from './respond'

export interface ApiContext {
  storage: BoardStorage
  access: AccessControl
  /** Person credentials [F14.1] and one-time codes for another device [F14.4]. */
  people: People
  personCodes: PersonCodeStore
  rooms: Rooms
  metrics: ServerMetrics
  log: Logger
  /** Base of page links: PUBLIC_URL, or the server's own URL. */
  baseUrl(): string
  tldrawLicenseKey: string | null
  now(): number
  startedAt: number
  /** Several nodes: leases and forwarding. */
  cluster?: Cluster
  /** Several nodes: what the nodes holding other boards say of them (dashboards [SE4]). */
  remoteRooms?: RemoteRooms
  /** The server's own writes to boards (controls, erasures), run on each board's owner. */
  writes: BoardWrites
  /** Where a route defines another write of its own to run on a board's owner. */
  onOwner: OnOwner
  /** True when the database answers (PostgreSQL). */
  pingStorage?: () => boolean
  /** Source boards' digests, for copies' "changed since sent" [SE3]. */
  digests: SourceDigests
  /** Dashboards waiting for a session to change [SE4]. */
  live: LiveWatch
  /** How long sessions are kept [retention]. */
  retention: RetentionPolicy
  /** The privacy notice the join page shows. */
  notice: NoticeText
}

/** The board and the access a token grants on it, or the one 404. */
export function requireBoard(
  ctx: ApiContext,
  boardId: string,
  token: string | null,
  roles: readonly string[] = ['facilitator', 'participant', 'observer'],
): { board: BoardRecord; access: Access } {
  const access = ctx.access.boardAccess(boardId, token)
  const board = access ? ctx.access.board(boardId) : null
  if (!access || !board || !roles.includes(access.role)) throw notFound()
  return { board, access }
}

/** The session a session-wide token belongs to, or the one 404. */
export function requireSession(
  ctx: ApiContext,
  sessionId: string,
  token: string | null,
  roles: readonly string[] = ['facilitator', 'participant'],
) {
  const access = ctx.access.sessionAccess(sessionId, token)
  const session = access ? ctx.storage.getSession(sessionId) : null
  if (!access || !session || !roles.includes(access.role)) throw notFound()
  return { session, access }
}

/**
 * Run `f` on a board's document: the live one when the board is in memory, else one read from
 * storage for this call only (storage holds everything that was ever relayed), in slices
 * [G12] so a long log does not hold up the boards in memory.
 */
export async function withBoardDoc<T>(
  ctx: ApiContext,
  boardId: string,
  f: (doc: Y.Doc) => T,
): Promise<T> {
  const room = ctx.rooms.get(boardId)
  // What the live document holds is read only once it is on disk [G13].
  ctx.rooms.flushCommits()
  if (room) return f(room.doc)
  const { doc, corrupt } = await readStoredDocInSlices(ctx.storage, boardId)
  if (corrupt > 0) {
    ctx.metrics.corruptRows += corrupt
    ctx.log.error({ boardId, corrupt }, 'skipped corrupt rows while reading a board')
  }
  try {
    // The board may have been loaded meanwhile: then the live document is the one to read.
    const live = ctx.rooms.get(boardId)
    if (live) ctx.rooms.flushCommits()
    return f(live ? live.doc : doc)
  } finally {
    doc.destroy()
  }
}

/** Ask a room that is open for writes: a board may leave memory while another loads. */
export async function openRoom(ctx: ApiContext, boardId: string): Promise<Room> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const room = await ctx.rooms.acquire(boardId)
    if (!room.closed) return room
  }
  throw new HttpError(503, 'busy', 'The board is leaving memory; try again')
}

/**
 * Close the connections opened with a link before it was rotated: here, and (several nodes)
 * on every other node, where the boards it owns have theirs. Returns how many closed here.
 */
export function closeRotated(ctx: ApiContext, r: Rotated): number {
  ctx.cluster?.announceRotated(r)
  return ctx.rooms.revoke(openedBefore(r))
}
