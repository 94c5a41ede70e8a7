/**
 * The session dashboard's live view [SE4]: what every room of a session says now (its latest
 * notes, themes, counts, phase, lock and timer, people online).
 *
 * - `GET /api/sessions/:id/live`: the whole session once, with an entity tag; a request naming
 *   the current tag (`If-None-Match`) with `?wait=S` is held until something changes or S
 *   seconds pass (then 304).
 * - `GET /api/sessions/:id/live/stream`: server-sent events; the whole session first, then only
 *   the rooms that changed, at most one event per 500 ms. What the dashboard uses.
 */
import type { ServerResponse } from 'node:http'
import { API, type LiveEvent as LiveEventBody, type LiveRoom } from '@sensemaking/shared'
import { liveDigestOf } from '../../live/liveDigest'
import type { LiveEvent } from '../../live/watch'
import { emptyStats, INITIAL_STATE } from '../../rooms/boardStats'
import type { BoardRecord } from '../../storage/types'
import { type ApiContext, requireSession } from '../context'
import { HttpError, requestToken, sendJson, sendNotModified } from '../respond'
import type { Router } from '../router'

/** The longest a request may wait for a change, in seconds. */
export const MAX_WAIT_S = 25
/** A quiet stream is sent a comment this often, so proxies and the browser keep it open. */
export const STREAM_KEEPALIVE_MS = 15_000
/** A stream whose unsent bytes pass this is closed (the dashboard reconnects). */
const STREAM_MAX_BUFFERED = 1024 * 1024

function waitSeconds(url: URL): number {
  const raw = url.searchParams.get('wait')
  if (raw === null) return 0
  const s = Number(raw)
  if (!Number.isFinite(s) || s < 0 || s > MAX_WAIT_S) {
    throw new HttpError(
      400,
      'bad_request',
      `wait must be a number of seconds from 0 to ${MAX_WAIT_S}`,
    )
  }
  return s
}

/**
 * A room's figures as they stand: a loaded board's live figures (kept up to date as it changes;
 * the same object until something counted changes), an idle one's stored when it left memory.
 */
function figuresOf(ctx: ApiContext, b: BoardRecord) {
  const room = ctx.rooms.get(b.id)
  if (room) return { stats: liveDigestOf(room.doc).figures(), online: room.peers.size }
  // Several nodes: a board another node holds, as that node last said.
  const held = ctx.remoteRooms?.peek(b.id)
  if (held) return { stats: held.figures, online: held.online }
  return { stats: ctx.storage.readStats(b.id) ?? emptyStats(b.name, 0), online: 0 }
}

/** Several nodes: hear from the nodes holding a session's boards before answering. */
const heardFrom = (ctx: ApiContext, boards: readonly BoardRecord[]) =>
  ctx.remoteRooms?.refresh(boards.map((b) => b.id))

/** One room as the live view shows it. */
function roomOf(b: BoardRecord, f: ReturnType<typeof figuresOf>): LiveRoom {
  const { stats } = f
  return {
    id: b.id,
    title: stats.title || b.name,
    ...(b.plenary ? { plenary: true as const } : {}),
    online: f.online,
    notes: stats.notes,
    byLever: stats.byLever,
    byLeverColumn: stats.byLeverColumn ?? {},
    state: stats.state ?? INITIAL_STATE,
    recent: stats.recent ?? [],
    themes: stats.themes ?? [],
  }
}

const roomNow = (ctx: ApiContext, b: BoardRecord) => roomOf(b, figuresOf(ctx, b))

/** One server-sent event. */
const event = (data: LiveEventBody) => `event: rooms\ndata: ${JSON.stringify(data)}\n\n`

export function liveRoutes(router: Router, ctx: ApiContext): void {
  router.on(API.sessionLive.method, API.sessionLive.path, async ({ req, res, url, params }) => {
    const roles = API.sessionLive.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    const wait = waitSeconds(url)
    const boards = () => ctx.storage.listBoards(session.id)
    await heardFrom(ctx, boards())
    let now = ctx.live.versions(boards())
    let etag = ctx.live.etag(now)
    if (req.headers['if-none-match'] === etag) {
      const gone = new AbortController()
      res.once('close', () => gone.abort())
      const changed =
        wait > 0 && (await ctx.live.wait(session.id, boards, now, wait * 1000, gone.signal))
      if (!changed) {
        if (!res.destroyed) sendNotModified(res, etag)
        return
      }
      await heardFrom(ctx, boards())
      now = ctx.live.versions(boards())
      etag = ctx.live.etag(now)
    }
    sendJson(res, 200, { boards: boards().map((b) => roomNow(ctx, b)) }, { etag })
  })

  router.on(API.sessionLiveStream.method, API.sessionLiveStream.path, async (r) => {
    const { req, res, params } = r
    const roles = API.sessionLiveStream.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    if (ctx.live.full) {
      throw new HttpError(503, 'busy', 'Too many dashboards are open on this server; try again')
    }
    const boards = () => ctx.storage.listBoards(session.id)
    const all = boards()
    await heardFrom(ctx, all)
    const from = ctx.live.versions(all)
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    })
    // What this dashboard was last sent of each room: a room whose figures are the same object
    // and whose people are as many (a note moved, a theme's frame resized) is not sent again.
    const sent = new Map<string, ReturnType<typeof figuresOf>>()
    let sentIds = from.ids.join()
    const first = all.map((b) => {
      const f = figuresOf(ctx, b)
      sent.set(b.id, f)
      return roomOf(b, f)
    })
    res.write(event({ ids: from.ids, boards: first }))
    let unsubscribe: (() => void) | null = null
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), STREAM_KEEPALIVE_MS)
    keepalive.unref()
    const stop = (r: ServerResponse) => {
      clearInterval(keepalive)
      unsubscribe?.()
      if (!r.writableEnded) r.end()
    }
    const send = (e: LiveEvent) => {
      // A dashboard that does not read is dropped; it reconnects and starts afresh.
      if (res.writableLength > STREAM_MAX_BUFFERED) {
        stop(res)
        return
      }
      const changed: LiveRoom[] = []
      for (const b of e.changed) {
        const f = figuresOf(ctx, b)
        const was = sent.get(b.id)
        if (was && was.stats === f.stats && was.online === f.online) continue
        sent.set(b.id, f)
        changed.push(roomOf(b, f))
      }
      const ids = e.ids.join()
      if (changed.length === 0 && ids === sentIds) return
      sentIds = ids
      res.write(event({ ids: e.ids, boards: changed }))
    }
    unsubscribe = ctx.live.stream(session.id, boards, from, send, () => stop(res))
    res.once('close', () => stop(res))
  })
}
