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
import { loadAdminToken, loadServerSecret, newAdminToken, newServerSecret } from './auth/secrets'
import type { Cluster } from './cluster/cluster'
import { OnOwner } from './cluster/onOwner'
import type { RemoteRooms } from './cluster/remoteRooms'
import { type Limits, resolveLimits } from './config'
import { systemRoutes } from './http/api/system'
import { boardWrites } from './http/boardWrites'
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
import type { PgStorage } from './storage/pg/pgStorage'
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
  /** Another storage backend (tests); default PostgreSQL at `databaseUrl`, else SQLite in dataDir. */
  storage?: BoardStorage
  /** A postgres:// URL (DATABASE_URL): boards, links and the token secret in PostgreSQL. */
  databaseUrl?: string
  /**
   * A redis:// URL (REDIS_URL, with databaseUrl): several nodes, one owner per board by lease,
   * other nodes forward its connections to it.
   */
  redisUrl?: string
  /** How other nodes reach this one (NODE_URL); default this server's own http://host:port. */
  nodeUrl?: string
  /** A board lease's time to live (default 5 s): how long a dead node's boards wait. */
  leaseMs?: number
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
  /** Several nodes: leases and forwarding (null on one node). */
  cluster: Cluster | null
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

/** The admin token kept in the database, made by the first node that asks. */
function sharedAdminToken(pg: PgStorage) {
  const made = newAdminToken()
  const token = pg.sharedSecret('admin-token', () => made)
  return { token, created: token === made }
}

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
  if (opts.redisUrl && !opts.databaseUrl) {
    throw new Error('REDIS_URL (several nodes) needs DATABASE_URL: the nodes share PostgreSQL')
  }
  let cluster: Cluster | null = null
  // PostgreSQL and Redis are loaded only when configured: one node on SQLite starts as before.
  const pg =
    !opts.storage && opts.databaseUrl
      ? new (await import('./storage/pg/pgStorage')).PgStorage({
          url: opts.databaseUrl,
          fenced: !!opts.redisUrl,
          onFenced: (boardId) => cluster?.fenced(boardId),
        })
      : null
  const storage = opts.storage ?? pg ?? openSqliteStorage(opts.dataDir)
  // Every node of one database derives the same tokens and takes the same admin token.
  const secret = pg
    ? Buffer.from(pg.sharedSecret('server-secret', newServerSecret))
    : loadServerSecret(opts.dataDir)
  const admin = opts.adminToken
    ? { token: opts.adminToken, created: false }
    : pg
      ? sharedAdminToken(pg)
      : loadAdminToken(opts.dataDir)
  const releaseDataDir = opts.storage ? () => {} : holdDataDir(opts.dataDir)
  const now = opts.now ?? Date.now
  const startedAt = now()
  const retentionPolicy: RetentionPolicy = { ...DEFAULT_RETENTION, ...opts.retention }

  let rooms: Rooms | null = null
  const metrics = new ServerMetrics({
    connections: () => rooms?.connections ?? 0,
    boardsInMemory: () => rooms?.size ?? 0,
  })
  let url = ''
  if (pg && opts.redisUrl) {
    const { Cluster } = await import('./cluster/cluster')
    cluster = new Cluster({
      redisUrl: opts.redisUrl,
      nodeUrl: () => opts.nodeUrl ?? url,
      storage: pg,
      secret,
      leaseMs: opts.leaseMs,
      log,
      metrics,
    })
  }
  const owner = cluster
  rooms = new Rooms({
    storage,
    limits,
    log,
    metrics,
    now,
    onUnload: owner ? (boardId) => owner.unloaded(boardId) : undefined,
  })
  cluster?.attach(rooms)
  // Several nodes: a link rotated on another node stops working here within a second.
  const access = new AccessControl(
    storage,
    secret,
    admin.token,
    undefined,
    cluster ? 1000 : undefined,
  )
  const people = new People(secret)
  const sync = new SyncServer({
    rooms,
    access,
    people,
    limits,
    metrics,
    log,
    trustProxy: opts.trustProxy,
    cluster: cluster ?? undefined,
  })

  // Several nodes: dashboards hear from the nodes that hold a session's other boards (loaded
  // only then, as the cluster is).
  const remoteRooms: RemoteRooms | undefined = cluster
    ? new (await import('./cluster/remoteRooms')).RemoteRooms(cluster, rooms)
    : undefined
  const live = new LiveWatch({ rooms, remote: remoteRooms })
  // The server's own writes to boards run on each board's owner (here, on one node).
  const onOwner = new OnOwner(cluster ?? undefined)
  const writes = boardWrites(onOwner, { storage, log, now, metrics, rooms })
  const ctx: ApiContext = {
    storage,
    access,
    people,
    // Several nodes: a code asked of one node is taken on any other.
    personCodes: cluster?.personCodes ?? new PersonCodes(),
    rooms,
    metrics,
    log,
    baseUrl: () => (opts.publicUrl ?? url).replace(/\/+$/, ''),
    tldrawLicenseKey: opts.tldrawLicenseKey ?? null,
    now,
    startedAt,
    cluster: cluster ?? undefined,
    remoteRooms,
    writes,
    onOwner,
    pingStorage: pg ? () => pg.ping() : undefined,
    live,
    digests: new SourceDigests({
      rooms,
      storage,
      readStored: (boardId, f) => withBoardDoc(ctx, boardId, f),
      remote: remoteRooms,
    }),
    retention: retentionPolicy,
    notice: privacyNotice(retentionPolicy, opts.notice),
  }
  const router = new Router()
  systemRoutes(router, ctx)
  // A write the API defines may be posted by another node before this one's first request.
  onOwner.routes(router, () => loadApi())
  remoteRooms?.routes(router)
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
    await cluster?.close()
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
    erase: (boardId) =>
      writes.erase(boardId, { selector: { all: true }, by: 'retention', lock: true }),
  })
  retention.start()

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      live.close()
      http.close()
      await retention.stop()
      await rooms.stop(CLOSE.shuttingDown)
      // After the rooms stored what they hold: the next owner reads all of it.
      await cluster?.close()
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
    cluster,
    people,
    digests: ctx.digests,
    live,
    retention,
    close,
  }
}
