/** System endpoints: client config and health (public), metrics (admin token). */
import { API, type ClientConfig } from '@sensemaking/shared'
import type { ApiContext } from '../context'
import { HttpError, requestToken, sendBody, sendJson } from '../respond'
import type { Router } from '../router'

export function systemRoutes(router: Router, ctx: ApiContext): void {
  router.on(API.config.method, API.config.path, ({ res }) => {
    sendJson(res, 200, { tldrawLicenseKey: ctx.tldrawLicenseKey } satisfies ClientConfig)
  })

  router.on('GET', '/healthz', async ({ res }) => {
    let degraded = 0
    for (const r of ctx.rooms.all()) if (r.degraded) degraded++
    // Several nodes: the database and Redis are asked each time (a load balancer's probe).
    const storage = ctx.pingStorage ? (ctx.pingStorage() ? 'ok' : 'unreachable') : 'ok'
    const redis = ctx.cluster ? ((await ctx.cluster.ping()) ? 'ok' : 'unreachable') : undefined
    const down = storage !== 'ok' || (redis !== undefined && redis !== 'ok')
    sendJson(res, down ? 503 : 200, {
      status: down ? 'unavailable' : degraded > 0 ? 'degraded' : 'ok',
      storage,
      ...(redis !== undefined ? { redis, boardsOwned: ctx.cluster!.owned } : {}),
      degradedBoards: degraded,
      boardsInMemory: ctx.rooms.size,
      connections: ctx.rooms.connections,
      storageFailures: ctx.metrics.storageFailures,
      uptimeSeconds: Math.round((ctx.now() - ctx.startedAt) / 1000),
    })
  })

  // Figures of every board and the process: the operator's, behind the admin token [G11].
  router.on('GET', '/metrics', async ({ req, res }) => {
    if (!ctx.access.isAdmin(requestToken(req))) {
      throw new HttpError(401, 'unauthorized', 'Metrics need the admin token')
    }
    const { contentType, text } = await ctx.metrics.text()
    sendBody(res, contentType, text)
  })
}
