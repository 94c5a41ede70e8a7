/**
 * What the other nodes say of the boards they hold, for a dashboard on this node [SE4]: with
 * several nodes a session's rooms are spread over their owners, and only an owner has a room's
 * live figures, its people online and its version (stored figures are written only when a
 * board leaves memory or is compacted). A node asks the owners of a session's boards (found in
 * Redis, nothing taken) on the nodes' own route, at most every `FRESH_MS` per board, and keeps
 * what they answered; a board nobody holds is read from storage as on one node.
 */

import * as z from 'zod/mini'
import { HttpError, readJson, sendJson } from '../http/respond'
import type { Router } from '../http/router'
import { type LiveFigures, liveDigestOf } from '../live/liveDigest'
import { roomVersion } from '../live/watch'
import type { Rooms } from '../rooms/Rooms'
import type { Cluster } from './cluster'

/** A board as the node holding it in memory says it is now. */
export interface RoomView {
  /** Changes whenever what a dashboard shows of it may have (stored rows, people online). */
  version: string
  online: number
  figures: LiveFigures
}

/** The nodes' own route; answers 404 to anything but another node of the cluster. */
export const ROOMS_PATH = '/internal/rooms'
const Ids = z.strictObject({
  ids: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(1000)),
})
/** A board's view is asked again after this long, while anyone looks at it. */
export const FRESH_MS = 250
const TIMEOUT_MS = 2000
/** Views kept at once; past it, those not asked for a while are dropped. */
const MAX_VIEWS = 10_000

/** This node's view of a board it holds in memory; null when it does not. */
export function localRoomView(rooms: Rooms, boardId: string): RoomView | null {
  const room = rooms.get(boardId)
  if (!room) return null
  return {
    version: roomVersion(room),
    online: room.peers.size,
    figures: liveDigestOf(room.doc).figures(),
  }
}

export class RemoteRooms {
  private readonly views = new Map<string, { at: number; view: RoomView | null }>()
  private readonly asking = new Map<string, Promise<void>>()

  constructor(
    private readonly cluster: Cluster,
    private readonly rooms: Rooms,
  ) {}

  /**
   * A board another node holds, as it last answered; null when no other node holds it (read it
   * here, or from storage); undefined when it was never asked about.
   */
  peek(boardId: string): RoomView | null | undefined {
    return this.views.get(boardId)?.view
  }

  /**
   * Ask the owners of the boards not held here whose view is older than `FRESH_MS`. Never
   * throws: a board whose owner did not answer keeps what it said last.
   */
  refresh(boardIds: readonly string[]): Promise<void> {
    const now = Date.now()
    const stale = boardIds.filter((id) => {
      if (this.rooms.get(id)) return false
      const v = this.views.get(id)
      return !v || now - v.at >= FRESH_MS
    })
    if (stale.length === 0) return Promise.resolve()
    const key = stale.join()
    let p = this.asking.get(key)
    if (!p) {
      p = this.ask(stale).finally(() => this.asking.delete(key))
      this.asking.set(key, p)
    }
    return p
  }

  private async ask(ids: string[]): Promise<void> {
    const holders = await this.cluster.holders(ids).catch(() => null)
    if (!holders) return
    const at = Date.now()
    const byNode = new Map<string, string[]>()
    ids.forEach((id, i) => {
      const h = holders[i]
      if (!h || h.nodeId === this.cluster.nodeId) {
        this.keep(id, at, null)
        return
      }
      const list = byNode.get(h.url) ?? []
      list.push(id)
      byNode.set(h.url, list)
    })
    await Promise.all(
      [...byNode].map(async ([url, some]) => {
        const r = await fetch(`${url}${ROOMS_PATH}`, {
          method: 'POST',
          headers: { ...this.cluster.forwardHeaders(null), 'content-type': 'application/json' },
          body: JSON.stringify({ ids: some }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        }).catch(() => null)
        const body = r?.ok
          ? ((await r.json().catch(() => null)) as { rooms?: Record<string, RoomView> } | null)
          : null
        if (!body?.rooms) return
        for (const id of some) this.keep(id, at, body.rooms[id] ?? null)
      }),
    )
  }

  private keep(id: string, at: number, view: RoomView | null) {
    this.views.delete(id)
    this.views.set(id, { at, view })
    // Oldest first: those asked about longest ago go.
    for (const old of this.views.keys()) {
      if (this.views.size <= MAX_VIEWS) break
      this.views.delete(old)
    }
  }

  /** The route other nodes ask: the views of the boards this node holds among those named. */
  routes(router: Router): void {
    router.on('POST', ROOMS_PATH, async ({ req, res }) => {
      if (this.cluster.forwardedFor(req) === null)
        throw new HttpError(404, 'not_found', 'Nothing here')
      const { ids } = await readJson(req, Ids)
      const rooms: Record<string, RoomView> = {}
      for (const id of ids) {
        const v = localRoomView(this.rooms, id)
        if (v) rooms[id] = v
      }
      sendJson(res, 200, { rooms })
    })
  }
}
