/**
 * The HTTP API beyond the system endpoints: sessions, boards, plenaries, dashboards, privacy
 * and people. Its request bodies are read with the shared zod schemas and its downloads build
 * harvests, so the server loads this module once it listens, on the first request that needs
 * it: a start answers health checks and board connections without evaluating any of it.
 */
import type { ApiContext } from '../context'
import type { Router } from '../router'
import { boardRoutes } from './boards'
import { liveRoutes } from './live'
import { peopleRoutes } from './people'
import { plenaryRoutes } from './plenary'
import { privacyRoutes } from './privacy'
import { sessionRoutes } from './sessions'

export function apiRoutes(router: Router, ctx: ApiContext): void {
  sessionRoutes(router, ctx)
  boardRoutes(router, ctx)
  plenaryRoutes(router, ctx)
  liveRoutes(router, ctx)
  privacyRoutes(router, ctx)
  peopleRoutes(router, ctx)
}
