/** Session endpoints: create, the dashboard's figures, the room picker, rotate, harvest. */
import {
  exportHarvest,
  exportSessionHarvest,
  sessionHarvestToCsv,
  sessionHarvestToMarkdown,
  TEMPLATES,
} from '@sensemaking/shared'
import { z } from 'zod'
import { SESSION_ROLES } from '../../auth/access'
import { emptyStats, INITIAL_STATE } from '../../rooms/boardStats'
import type { Role } from '../../rooms/permissions'
import { createSession, describeCreated } from '../../sessions/createSession'
import { boardLinks, sessionLink, sessionLinks } from '../../sessions/links'
import { type ApiContext, requireSession, withBoardDoc } from '../context'
import { HttpError, readJson, requestToken, sendJson } from '../respond'
import type { Router } from '../router'
import { boardTitle } from './boards'
import { harvestFormat, sendHarvest } from './harvestFormat'
import { controlRoute } from './sessionControl'

const MAX_BOARDS = 200

const CreateBody = z.object({
  title: z.string().trim().min(1).max(200),
  boards: z.union([
    z.array(z.string().trim().min(1).max(100)).min(1).max(MAX_BOARDS),
    z.number().int().min(1).max(MAX_BOARDS),
  ]),
  template: z
    .string()
    .refine((t) => t in TEMPLATES, {
      message: `template must be one of ${Object.keys(TEMPLATES).join(', ')}`,
    })
    .optional(),
  /** Add the session's plenary after its breakouts [SE1.1]. */
  plenary: z.boolean().optional(),
})

const RotateBody = z.object({ role: z.enum(SESSION_ROLES as [Role, ...Role[]]) })

/** Online connections of a board (0 when it is not in memory). */
const online = (ctx: ApiContext, boardId: string) => ctx.rooms.get(boardId)?.peers.size ?? 0

export function sessionRoutes(router: Router, ctx: ApiContext): void {
  router.on('POST', '/api/sessions', async ({ req, res, url }) => {
    if (!ctx.access.isAdmin(requestToken(req, url))) {
      throw new HttpError(401, 'unauthorized', 'Creating a session needs the admin token')
    }
    const body = await readJson(req, CreateBody)
    const made = createSession(ctx.storage, body, { now: ctx.now })
    ctx.log.info({ sessionId: made.session.id, boards: made.boards.length }, 'session created')
    sendJson(res, 201, describeCreated(ctx.access, ctx.baseUrl(), made))
  })

  router.on('GET', '/api/sessions/:id', ({ req, res, url, params }) => {
    const { session } = requireSession(ctx, params.id!, requestToken(req, url), ['facilitator'])
    const base = ctx.baseUrl()
    const boards = ctx.storage.listBoards(session.id).map((b) => {
      const room = ctx.rooms.get(b.id)
      const stats = room?.currentStats() ?? ctx.storage.readStats(b.id) ?? emptyStats(b.name, 0)
      return {
        id: b.id,
        name: b.name,
        ...(b.plenary ? { plenary: true as const } : {}),
        links: boardLinks(ctx.access, base, b.id),
        online: room?.peers.size ?? 0,
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
      links: sessionLinks(ctx.access, base, session.id),
      boards,
    })
  })

  router.on('GET', '/api/sessions/:id/me', ({ req, res, url, params }) => {
    const { session, access } = requireSession(ctx, params.id!, requestToken(req, url))
    sendJson(res, 200, {
      role: access.role,
      session: { id: session.id, title: session.title },
      boards: ctx.storage.listBoards(session.id).map((b) => ({
        id: b.id,
        name: boardTitle(ctx, b.id, b.name),
        online: online(ctx, b.id),
        ...(b.plenary ? { plenary: true as const } : {}),
      })),
    })
  })

  router.on('POST', '/api/sessions/:id/rotate', async ({ req, res, url, params }) => {
    const { session } = requireSession(ctx, params.id!, requestToken(req, url), ['facilitator'])
    const { role } = await readJson(req, RotateBody)
    const generation = ctx.access.rotate('session', session.id, role)
    const closed = ctx.rooms.revoke(
      (a) =>
        a.scope === 'session' &&
        a.scopeId === session.id &&
        a.role === role &&
        a.generation < generation,
    )
    ctx.log.info({ sessionId: session.id, role, closed }, 'session link rotated')
    sendJson(res, 200, sessionLink(ctx.access, ctx.baseUrl(), session.id, role))
  })

  router.on('GET', '/api/sessions/:id/harvest', ({ req, res, url, params }) => {
    const { session } = requireSession(ctx, params.id!, requestToken(req, url), ['facilitator'])
    const format = harvestFormat(url)
    const harvests = ctx.storage
      .listBoards(session.id)
      .map((b) =>
        withBoardDoc(ctx, b.id, (doc) =>
          exportHarvest(doc, { boardId: b.id, now: ctx.now, plenary: b.plenary }),
        ),
      )
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
  })

  controlRoute(router, ctx)
}
