/**
 * GET /api/sessions/:id/live [SE4]: what every room of a session says now (its latest notes,
 * themes, counts, phase, lock and timer, people online), for the session dashboard. Answers
 * carry an entity tag; a request naming the current one (`If-None-Match`) with `?wait=S` is
 * held until something changes or S seconds pass (then 304), so a dashboard learns of a new
 * note within a tick of it, and an unchanged session costs the server a few numbers read.
 */
import { emptyStats, INITIAL_STATE } from '../../rooms/boardStats'
import type { BoardRecord } from '../../storage/types'
import { type ApiContext, requireSession } from '../context'
import { HttpError, requestToken, sendJson, sendNotModified } from '../respond'
import type { Router } from '../router'

/** The longest a request may wait for a change, in seconds. */
export const MAX_WAIT_S = 25

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

/** One room as the live view shows it: from memory when loaded, else from its stored figures. */
function roomNow(ctx: ApiContext, b: BoardRecord) {
  const room = ctx.rooms.get(b.id)
  const stats = room?.currentStats() ?? ctx.storage.readStats(b.id) ?? emptyStats(b.name, 0)
  return {
    id: b.id,
    title: stats.title || b.name,
    ...(b.plenary ? { plenary: true as const } : {}),
    online: room?.peers.size ?? 0,
    notes: stats.notes,
    byLever: stats.byLever,
    byLeverColumn: stats.byLeverColumn ?? {},
    state: stats.state ?? INITIAL_STATE,
    recent: stats.recent ?? [],
    themes: stats.themes ?? [],
  }
}

export function liveRoutes(router: Router, ctx: ApiContext): void {
  router.on('GET', '/api/sessions/:id/live', async ({ req, res, url, params }) => {
    const { session } = requireSession(ctx, params.id!, requestToken(req, url), ['facilitator'])
    const wait = waitSeconds(url)
    const boards = () => ctx.storage.listBoards(session.id)
    const versionNow = () => ctx.live.version(boards())
    let version = versionNow()
    let etag = ctx.live.etag(version)
    if (req.headers['if-none-match'] === etag) {
      const gone = new AbortController()
      res.once('close', () => gone.abort())
      const changed =
        wait > 0 && (await ctx.live.wait(session.id, versionNow, version, wait * 1000, gone.signal))
      if (!changed) {
        if (!res.destroyed) sendNotModified(res, etag)
        return
      }
      version = versionNow()
      etag = ctx.live.etag(version)
    }
    sendJson(res, 200, { boards: boards().map((b) => roomNow(ctx, b)) }, { etag })
  })
}
