/**
 * The plenary's endpoints [SE1–SE3]: add a session's plenary, send notes and themes to it from
 * a breakout (copies that keep their provenance), and tell which copies changed since sent.
 */
import { createHash } from 'node:crypto'
import {
  API,
  type CopyStatusesAnswer,
  type PlenaryAnswer,
  SendToPlenaryBody,
  type SendToPlenaryResult,
} from '@sensemaking/shared'
import type * as z from 'zod/mini'
import { deliver } from '../../plenary/send'
import { addPlenary } from '../../sessions/createSession'
import { boardLinks } from '../../sessions/links'
import type { BoardRecord } from '../../storage/types'
import { type ApiContext, openRoom, requireSession, withBoardDoc } from '../context'
import { HttpError, notFound, readJson, requestToken, sendJson, sendNotModified } from '../respond'
import type { Router } from '../router'

/**
 * The board of a route for a facilitator's link, or the API's one 404 (an unknown board, a
 * link not valid for it and a link of another role alike, as for every route).
 */
function facilitatorOf(ctx: ApiContext, boardId: string, token: string | null) {
  const access = ctx.access.boardAccess(boardId, token)
  const board = access ? ctx.access.board(boardId) : null
  if (!access || !board || access.role !== 'facilitator') throw notFound()
  return { board, access }
}

/** The plenary of a session, if it has one. */
export const plenaryOf = (ctx: ApiContext, sessionId: string): BoardRecord | null =>
  ctx.storage.listBoards(sessionId).find((b) => b.plenary) ?? null

export function plenaryRoutes(router: Router, ctx: ApiContext): void {
  /**
   * Copies written on the plenary's owner (another node's, with several nodes); the source is
   * read as it is stored or live here, never opened for writing.
   */
  const send = ctx.onOwner.define(
    'plenary-send',
    async () => SendToPlenaryBody,
    async (plenaryId, body): Promise<ReturnType<typeof deliver>> => {
      const target = await openRoom(ctx, plenaryId)
      return withBoardDoc(ctx, body.from, (source) => {
        if (target.closed)
          throw new HttpError(503, 'busy', 'The plenary is leaving memory; try again')
        let delivery: ReturnType<typeof deliver> | null = null
        const ok = target.writeAsServer((doc, origin) => {
          delivery = deliver(
            { doc, boardId: plenaryId },
            { doc: source, boardId: body.from },
            body,
            { origin, now: ctx.now },
          )
        })
        if (!ok || !delivery) {
          throw new HttpError(503, 'storage_unavailable', 'The plenary cannot store changes now')
        }
        return delivery
      })
    },
  )

  router.on(API.addPlenary.method, API.addPlenary.path, ({ req, res, params }) => {
    const roles = API.addPlenary.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    const have = plenaryOf(ctx, session.id)
    if (have) {
      throw new HttpError(
        409,
        'plenary_exists',
        `This session has its plenary already (${have.id})`,
      )
    }
    const board = addPlenary(ctx.storage, session, { now: ctx.now })
    ctx.log.info({ sessionId: session.id, boardId: board.id }, 'plenary added')
    const answer: PlenaryAnswer = {
      id: board.id,
      name: board.name,
      links: boardLinks(ctx.access, ctx.baseUrl(), board.id),
      plenary: true,
    }
    sendJson(res, 201, answer)
  })

  router.on(API.sendToPlenary.method, API.sendToPlenary.path, async ({ req, res, params }) => {
    const token = requestToken(req)
    const { board: plenary } = facilitatorOf(ctx, params.id!, token)
    const body = await readJson(req, SendToPlenaryBody)
    if (!plenary.plenary) {
      throw new HttpError(409, 'not_plenary', "This board is not its session's plenary")
    }
    if (body.from === plenary.id) {
      throw new HttpError(400, 'same_board', 'from: the plenary cannot send to itself')
    }
    const from = ctx.access.board(body.from)
    // Another session's board answers as an unknown one: ids cannot be probed.
    if (!from || from.sessionId !== plenary.sessionId) {
      throw new HttpError(400, 'unknown_source', 'from: no board of this session has that id')
    }
    const fromAccess = ctx.access.boardAccess(from.id, token)
    if (fromAccess?.role !== 'facilitator') {
      throw new HttpError(
        403,
        'forbidden',
        "Sending from a room needs the session's facilitator link (or one for both boards)",
      )
    }
    const d = await send(plenary.id, body)
    ctx.log.info({ boardId: plenary.id, from: from.id, ...d.summary }, 'sent to the plenary')
    const answer: SendToPlenaryResult = { plenary: plenary.id, from: from.id, ...d }
    sendJson(res, 200, answer)
  })

  router.on(API.copyStatuses.method, API.copyStatuses.path, async ({ req, res, params }) => {
    const { board } = facilitatorOf(ctx, params.id!, requestToken(req))
    const inSession = (id: string) => ctx.access.board(id)?.sessionId === board.sessionId
    const statuses: z.infer<typeof CopyStatusesAnswer> = await ctx.digests.statuses(
      board.id,
      inSession,
    )
    const text = JSON.stringify(statuses)
    const etag = `"${createHash('sha1').update(text).digest('base64url').slice(0, 22)}"`
    if (req.headers['if-none-match'] === etag) {
      sendNotModified(res, etag)
      return
    }
    sendJson(res, 200, statuses, { etag })
  })
}
