/**
 * startServer: storage, rooms, access control, HTTP API, static client and the sync endpoint on
 * one port. Everything is owned by the returned RunningServer; close() undoes it all.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { CLOSE, type CreatedSession } from '@sensemaking/shared'
import type pino from 'pino'
import { AccessControl } from './auth/access'
import { People } from './auth/people'
import { PersonCodes } from './auth/personCodes'
import { loadAdminToken, loadServerSecret } from './auth/secrets'
import { type Limits, resolveLimits } from './config'
import { systemRoutes } from './http/api/system'
import { type ApiContext, withBoardDoc } from './http/context'
import { setSecurityHeaders } from './http/headers'
import { HttpError, sendError } from './http/respond'
import { Router } from './http/router'
import { StaticFiles } from './http/static'
import { LiveWatch } from './live/watch'
import { createLogger } from './logger'
import { ServerMetrics } from './metrics'
import { SourceDigests } from './plenary/sourceDigests'
import { type NoticeText, privacyNotice } from './privacy/notice'
import { DEFAULT_RETENTION, type RetentionPolicy, RetentionSweeper } from './privacy/retention'
import { holdDataDir } from './privacy/serverLock'
import { Rooms } from './rooms/Rooms'
import { describeCreated } from './sessions/createSession'
import { createDemoSession } from './sessions/demo'
import { openSqliteStorage } from './storage/sqliteStorage'
import type { BoardStorage } from './storage/types'
import { clientAddress, SyncServer } from './ws/syncServer'

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  dataDir: string
  /** Base of the page links the server hands out; default the server's own URL. */
  publicUrl?: string
  /** Default: read from (or made in) the data dir. */
  adminToken?: string
  /** Default: info level to stdout. Tests pass a silent one. */
  logger?: pino.Logger
  /** The built client; default <repo>/client/dist. */
  clientDir?: string
  tldrawLicenseKey?: string
  /** Create the demo session on a first start with an empty data dir. */
  demo?: boolean
  limits?: Partial<Limits>
  /** Another storage backend (tests, or a future database); default SQLite in dataDir. */
  storage?: BoardStorage
  /** How long sessions are kept, and how often expiry is checked (RETENTION_DAYS). */
  retention?: Partial<RetentionPolicy>
  /** The operator's own privacy notice, replacing the default text. */
  notice?: Partial<NoticeText>
  /**
   * Put the client's network address on log lines about failed or refused requests (LOG_IP=1).
   * Off by default: logs then hold no personal data at all.
   */
  logIp?: boolean
  /** The server's clock (tests move it to try retention); default Date.now. */
  now?: () => number
  /** Behind a reverse proxy: take a client's address from X-Forwarded-For (seats per address). */
  trustProxy?: boolean
}

/** The shortest admin token taken (as long as the made ones' 128 bits in base64url). */
export const MIN_ADMIN_TOKEN_LENGTH = 22

export interface RunningServer {
  port: number
  /** http://host:port */
  url: string
  adminToken: string
  /** True when this start made the admin token (print it once). */
  adminTokenCreated: boolean
  /** The demo session, when this start created it. */
  demo?: CreatedSession
  rooms: Rooms
  storage: BoardStorage
  metrics: ServerMetrics
  /** Person credentials [F14.1]. */
  people: People
  /** Source boards' digests for copies' statuses (tests read how often they were computed). */
  digests: SourceDigests
  /** The dashboards' waiting requests. */
  live: LiveWatch
  /** Erases the sessions whose retention ran out (`sweep()` runs it at once). */
  retention: RetentionSweeper
  /** Close every connection (1012), store what is in memory, close the database. */
  close(): Promise<void>
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url))

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.logger ?? createLogger()
  const limits = resolveLimits(opts.limits)
  const host = opts.host ?? '127.0.0.1'
  mkdirSync(opts.dataDir, { recursive: true })
  if (opts.adminToken !== undefined && opts.adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(
      `ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it guards session creation and metrics)`,
    )
  }
  const secret = loadServerSecret(opts.dataDir)
  const admin = opts.adminToken
    ? { token: opts.adminToken, created: false }
    : loadAdminToken(opts.dataDir)
  const storage = opts.storage ?? openSqliteStorage(opts.dataDir)
  const releaseDataDir = opts.storage ? () => {} : holdDataDir(opts.dataDir)
  const now = opts.now ?? Date.now
  const startedAt = now()
  const retentionPolicy: RetentionPolicy = { ...DEFAULT_RETENTION, ...opts.retention }

  let rooms: Rooms | null = null
  const metrics = new ServerMetrics({
    connections: () => rooms?.connections ?? 0,
    boardsInMemory: () => rooms?.size ?? 0,
  })
  rooms = new Rooms({ storage, limits, log, metrics, now })
  const access = new AccessControl(storage, secret, admin.token)
  const people = new People(secret)
  const sync = new SyncServer({
    rooms,
    access,
    people,
    limits,
    metrics,
    log,
    trustProxy: opts.trustProxy,
  })

  let url = ''
  const live = new LiveWatch({ rooms })
  const ctx: ApiContext = {
    storage,
    access,
    people,
    personCodes: new PersonCodes(),
    rooms,
    metrics,
    log,
    baseUrl: () => (opts.publicUrl ?? url).replace(/\/+$/, ''),
    tldrawLicenseKey: opts.tldrawLicenseKey ?? null,
    now,
    startedAt,
    live,
    digests: new SourceDigests({
      rooms,
      storage,
      readStored: (boardId, f) => withBoardDoc(ctx, boardId, f),
    }),
    retention: retentionPolicy,
    notice: privacyNotice(retentionPolicy, opts.notice),
  }
  const router = new Router()
  systemRoutes(router, ctx)
  // The rest of the API is a module of its own (zod schemas, harvests), loaded on the first
  // request it may answer: a (re)start listens, answers health checks and takes board
  // connections without evaluating it.
  let api: Promise<void> | null = null
  let apiLoaded = false
  const loadApi = () => {
    api ??= import('./http/api/routes').then((m) => {
      m.apiRoutes(router, ctx)
      apiLoaded = true
    })
    return api
  }
  const files = new StaticFiles(opts.clientDir ?? DEFAULT_CLIENT_DIR)

  const http = createServer((req, res) => {
    setSecurityHeaders(res)
    handle(req, res).catch((e) => fail(req, res, e))
  })
  // A request (an upgrade's included) that has not sent its headers within this is dropped.
  http.headersTimeout = 10_000
  http.requestTimeout = 60_000
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', 'http://localhost')
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET')
    let route = router.match(method, u.pathname)
    if (!(route && 'handler' in route) && !apiLoaded) {
      await loadApi()
      route = router.match(method, u.pathname)
    }
    if (route && 'handler' in route) {
      await route.handler({ req, res, url: u, params: route.params })
      return
    }
    if (route) {
      res.setHeader('allow', route.methods.join(', '))
      throw new HttpError(405, 'method_not_allowed', `Use ${route.methods.join(' or ')}`)
    }
    if (method === 'GET' && !u.pathname.startsWith('/api/') && files.serve(req, res, u.pathname))
      return
    throw new HttpError(404, 'not_found', 'Nothing here')
  }
  function fail(req: IncomingMessage, res: ServerResponse, e: unknown) {
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (e instanceof HttpError) {
      sendError(res, e.status, e.code, e.message)
      return
    }
    const ip = opts.logIp ? { ip: clientAddress(req, opts.trustProxy ?? false) } : {}
    log.error({ err: (e as Error)?.message, ...ip }, 'request failed')
    sendError(res, 500, 'internal', 'Something went wrong on the server')
  }
  http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head))

  let demo: CreatedSession | undefined
  try {
    const made =
      opts.demo && storage.listSessions().length === 0 ? createDemoSession(storage) : null
    await listen()
    if (made) demo = describeCreated(access, ctx.baseUrl(), made)
  } catch (e) {
    await rooms.stop(CLOSE.shuttingDown)
    storage.close()
    releaseDataDir()
    throw e
  }

  function listen() {
    return new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(opts.port ?? 0, host, () => {
        http.off('error', reject)
        const port = (http.address() as AddressInfo).port
        url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
        resolve()
      })
    })
  }

  const port = (http.address() as AddressInfo).port
  log.info({ address: url, dataDir: opts.dataDir }, 'board server listening')
  const retention = new RetentionSweeper({
    storage,
    rooms,
    log,
    metrics,
    now,
    policy: retentionPolicy,
  })
  retention.start()

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      live.close()
      http.close()
      await retention.stop()
      await rooms.stop(CLOSE.shuttingDown)
      await sync.close()
      http.closeAllConnections()
      storage.close()
      releaseDataDir()
      log.info('board server stopped')
    })()
    return closing
  }

  return {
    port,
    url,
    adminToken: admin.token,
    adminTokenCreated: admin.created,
    demo,
    rooms,
    storage,
    metrics,
    people,
    digests: ctx.digests,
    live,
    retention,
    close,
  }
}
