/** Session endpoints: create, the dashboard's figures, the room picker, rotate, harvest. */
import {
  API,
  CreateSessionBody,
  exportHarvest,
  exportSessionHarvest,
  RotateSessionLinkBody,
  type SessionDetail,
  type SessionMe,
  sessionHarvestToCsv,
  sessionHarvestToMarkdown,
} from '@sensemaking/shared'
import { retentionOf } from '../../privacy/retention'
import { emptyStats, INITIAL_STATE } from '../../rooms/boardStats'
import { nextTurn } from '../../rooms/loadDoc'
import { createSession, describeCreated } from '../../sessions/createSession'
import { boardLinks, sessionLink, sessionLinks } from '../../sessions/links'
import { type ApiContext, closeRotated, requireSession, withBoardDoc } from '../context'
import { HttpError, readJson, requestToken, sendJson } from '../respond'
import type { Router } from '../router'
import { boardTitle } from './boards'
import { harvestFormat, sendHarvest } from './harvestFormat'
import { controlRoute } from './sessionControl'

/** Online connections of a board (0 when no node has it in memory). */
const online = (ctx: ApiContext, boardId: string) =>
  ctx.rooms.get(boardId)?.peers.size ?? ctx.remoteRooms?.peek(boardId)?.online ?? 0

export function sessionRoutes(router: Router, ctx: ApiContext): void {
  router.on(API.createSession.method, API.createSession.path, async ({ req, res }) => {
    if (!ctx.access.isAdmin(requestToken(req))) {
      throw new HttpError(401, 'unauthorized', 'Creating a session needs the admin token')
    }
    const body = await readJson(req, CreateSessionBody)
    const retentionDays = body.retentionDays ?? ctx.retention.days
    const made = createSession(ctx.storage, { ...body, retentionDays }, { now: ctx.now })
    ctx.log.info({ sessionId: made.session.id, boards: made.boards.length }, 'session created')
    sendJson(res, 201, describeCreated(ctx.access, ctx.baseUrl(), made))
  })

  router.on(API.session.method, API.session.path, async ({ req, res, params }) => {
    const { session } = requireSession(ctx, params.id!, requestToken(req), API.session.roles)
    const base = ctx.baseUrl()
    const records = ctx.storage.listBoards(session.id)
    // Several nodes: the boards other nodes hold are counted as they say, not as last stored.
    await ctx.remoteRooms?.refresh(records.map((b) => b.id))
    const boards = records.map((b) => {
      const room = ctx.rooms.get(b.id)
      const stats =
        room?.currentStats() ??
        ctx.remoteRooms?.peek(b.id)?.figures ??
        ctx.storage.readStats(b.id) ??
        emptyStats(b.name, 0)
      return {
        id: b.id,
        name: b.name,
        ...(b.plenary ? { plenary: true as const } : {}),
        links: boardLinks(ctx.access, base, b.id),
        online: online(ctx, b.id),
        notes: stats.notes,
        byLever: stats.byLever,
        byLeverColumn: stats.byLeverColumn ?? {},
        state: stats.state ?? INITIAL_STATE,
      }
    })
    sendJson(res, 200, {
      id: session.id,
      title: session.title,
      template: session.template,
      createdAt: session.createdAt,
      retention: retentionOf(session, ctx.retention),
      links: sessionLinks(ctx.access, base, session.id),
      boards,
    } satisfies SessionDetail)
  })

  router.on(API.sessionMe.method, API.sessionMe.path, async ({ req, res, params }) => {
    const { session, access } = requireSession(
      ctx,
      params.id!,
      requestToken(req),
      API.sessionMe.roles,
    )
    await ctx.remoteRooms?.refresh(ctx.storage.listBoards(session.id).map((b) => b.id))
    const answer: SessionMe = {
      role: access.role,
      session: { id: session.id, title: session.title },
      retention: retentionOf(session, ctx.retention),
      boards: ctx.storage.listBoards(session.id).map((b) => ({
        id: b.id,
        name: boardTitle(ctx, b.id, b.name),
        online: online(ctx, b.id),
        ...(b.plenary ? { plenary: true as const } : {}),
      })),
    }
    sendJson(res, 200, answer)
  })

  router.on(API.rotateSessionLink.method, API.rotateSessionLink.path, async (r) => {
    const { req, res, params } = r
    const roles = API.rotateSessionLink.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    const { role } = await readJson(req, RotateSessionLinkBody)
    const generation = ctx.access.rotate('session', session.id, role)
    const closed = closeRotated(ctx, { scope: 'session', id: session.id, role, generation })
    ctx.log.info({ sessionId: session.id, role, closed }, 'session link rotated')
    sendJson(res, 200, sessionLink(ctx.access, ctx.baseUrl(), session.id, role))
  })

  router.on(
    API.sessionHarvest.method,
    API.sessionHarvest.path,
    async ({ req, res, url, params }) => {
      const roles = API.sessionHarvest.roles
      const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
      const format = harvestFormat(url)
      // One board per turn of the event loop [G12]: a session's export does not hold up its rooms.
      const harvests = []
      for (const b of ctx.storage.listBoards(session.id)) {
        harvests.push(
          await withBoardDoc(ctx, b.id, (doc) =>
            exportHarvest(doc, { boardId: b.id, now: ctx.now, plenary: b.plenary }),
          ),
        )
        await nextTurn()
      }
      const harvest = exportSessionHarvest({ id: session.id, title: session.title }, harvests, {
        now: ctx.now,
      })
      sendHarvest(
        res,
        format,
        harvest,
        { md: sessionHarvestToMarkdown, csv: sessionHarvestToCsv },
        `harvest-session-${session.id}`,
      )
    },
  )

  controlRoute(router, ctx)
}
