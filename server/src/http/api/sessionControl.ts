/**
 * Session-wide controls (the dashboard's "for every room" buttons): phase, timer, lock and
 * broadcast written by the server on every board of the session, persisted and relayed like
 * any write. Times are the server's clock [F8.1].
 */
import { API, type SessionControlAnswer, SessionControlBody } from '@sensemaking/shared'
import type * as z from 'zod/mini'
import { type ApiContext, requireSession } from '../context'
import { HttpError, readJson, requestToken, sendJson } from '../respond'
import type { Router } from '../router'

/**
 * The boards a control reaches: the breakout rooms, as the plenary runs its own phase, timer
 * and lock [SE1.4]; or the boards named, the plenary too when named [SE5.1]. A name that is no
 * board of the session is refused before anything changes.
 */
function targets<B extends { id: string; plenary?: boolean }>(
  boards: readonly B[],
  named: readonly string[] | undefined,
): B[] {
  if (named === undefined) return boards.filter((b) => !b.plenary)
  const wanted = new Set(named)
  const found = boards.filter((b) => wanted.has(b.id))
  if (found.length < wanted.size)
    throw new HttpError(400, 'unknown_board', 'boards: one of them is no board of this session')
  return found
}

export function controlRoute(router: Router, ctx: ApiContext): void {
  router.on(API.sessionControl.method, API.sessionControl.path, async ({ req, res, params }) => {
    const roles = API.sessionControl.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    const control = await readJson(req, SessionControlBody)
    let reached = 0
    // Each board on its owner: this node or, with several nodes, another one.
    for (const b of targets(ctx.storage.listBoards(session.id), control.boards)) {
      if (await ctx.writes.control(b.id, control)) reached++
    }
    ctx.log.info({ sessionId: session.id, boards: reached }, 'session control applied')
    sendJson(res, 200, { boards: reached } satisfies z.infer<typeof SessionControlAnswer>)
  })
}
