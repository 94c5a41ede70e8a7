/**
 * Several server nodes on one PostgreSQL, coordinated by Redis (REDIS_URL). Exactly one node
 * owns a board at a time: it holds the board's lease, has moved the board's fence in PostgreSQL
 * to the lease's epoch, and is the only process that loads, checks, applies, stores and
 * compacts the board. Another node forwards that board's connections to it (forward.ts), so
 * the server-enforced rules and the coalesced presence stay in one place.
 *
 * A lease is renewed every third of its time while the board is in memory; one that could not
 * be renewed before it runs out is given up (the board's connections are closed with
 * `boardMoved` and reconnect to whoever owns it next). An idle unload and a shutdown release
 * it. Whatever Redis says, a write under an older epoch is refused by PostgreSQL's fence.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { CLOSE, type CloseSpec } from '@sensemaking/shared'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Rotated } from '../auth/rotated'
import type { ServerMetrics } from '../metrics'
import type { Access } from '../rooms/connection'
import type { PgStorage } from '../storage/pg/pgStorage'
import { type Lease, Leases } from './leases'
import { RedisPersonCodes } from './personCodes'
import { RotatedLinks } from './rotatedLinks'

/** Where a board's connections go. */
export type Route = { local: true } | { local: false; url: string }

/** What the cluster needs of the rooms. */
export interface ClusterRooms {
  /** Close a board's connections with `spec` and forget it without writing anything. */
  evictBoard(boardId: string, spec: CloseSpec): void
  /** Close the connections `match` names (a rotated link's); returns how many. */
  revoke(match: (a: Access) => boolean): number
  /** True while the board is in memory or being loaded. */
  holds(boardId: string): boolean
}

export interface ClusterOptions {
  redisUrl: string
  /** How the other nodes reach this one (http://host:port; known once it listens). */
  nodeUrl: () => string
  storage: PgStorage
  /** Shared by every node (the token secret): signs forwarded connections. */
  secret: Buffer
  /** A lease's time to live (default 5 s): how long a dead owner's boards wait. */
  leaseMs?: number
  log: Logger
  metrics: ServerMetrics
}

/** Headers of a connection forwarded by another node. */
export const NODE_HEADER = 'x-board-node'
export const CLIENT_ADDRESS_HEADER = 'x-board-client-address'

interface Held {
  lease: Lease
  /** Until when this node may act as owner without a renewal. */
  validUntil: number
  /** Renewals in a row that found the board neither in memory nor loading. */
  roomless: number
}

export class Cluster {
  readonly nodeId = randomUUID()
  readonly redis: Redis
  /** One-time codes for another device [F14.4], taken on any node. */
  readonly personCodes: RedisPersonCodes
  /** Rotated links announced to and by the other nodes. */
  readonly rotatedLinks: RotatedLinks
  private readonly leases: Leases
  private readonly leaseMs: number
  private readonly held = new Map<string, Held>()
  private readonly routing = new Map<string, Promise<Route>>()
  private readonly renewal: NodeJS.Timeout
  private readonly nodeToken: string
  private rooms: ClusterRooms | null = null
  private closed = false

  constructor(private readonly o: ClusterOptions) {
    this.leaseMs = o.leaseMs ?? 5000
    this.redis = new Redis(o.redisUrl, {
      // Fail closed and fast while Redis is away: no queue of commands to replay later.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: Math.max(500, Math.floor(this.leaseMs / 3)),
      retryStrategy: (n) => Math.min(50 * n, 500),
      lazyConnect: false,
    })
    this.redis.on('error', (e: Error) => o.log.debug({ err: e.message }, 'redis error'))
    this.personCodes = new RedisPersonCodes(this.redis)
    this.rotatedLinks = new RotatedLinks(this.redis, {
      storage: o.storage,
      log: o.log,
      rooms: () => this.rooms,
    })
    this.leases = new Leases(this.redis, this.nodeId, o.nodeUrl, this.leaseMs)
    this.nodeToken = createHmac('sha256', o.secret).update('board-node-forward').digest('base64url')
    this.renewal = setInterval(() => void this.renew(), Math.floor(this.leaseMs / 3))
    this.renewal.unref()
  }

  attach(rooms: ClusterRooms): void {
    this.rooms = rooms
  }

  /**
   * How often a forwarded connection pings the board's owner: an owner silent for two pings
   * (paused past its lease, say) is given up well before the lease has run out twice.
   */
  get ownerPingMs(): number {
    return Math.max(250, Math.floor(this.leaseMs / 3))
  }

  /** Boards this node owns now. */
  get owned(): number {
    return this.held.size
  }

  /** True when Redis answers (health checks). */
  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG'
    } catch {
      return false
    }
  }

  /** The headers a forwarding node sends, proving it is one of the cluster's. */
  forwardHeaders(address: string | null): Record<string, string> {
    return { [NODE_HEADER]: this.nodeToken, [CLIENT_ADDRESS_HEADER]: address ?? '' }
  }

  /** For a connection another node forwarded: the client's address; else null. */
  forwardedFor(req: IncomingMessage): string | null {
    const given = req.headers[NODE_HEADER]
    if (typeof given !== 'string') return null
    const a = Buffer.from(given)
    const b = Buffer.from(this.nodeToken)
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null
    const address = req.headers[CLIENT_ADDRESS_HEADER]
    return typeof address === 'string' ? address : ''
  }

  /** Who holds each board's lease now (null: nobody); nothing is taken. */
  holders(boardIds: readonly string[]): Promise<(Lease | null)[]> {
    return this.leases.holders(boardIds)
  }

  /** True while this node owns the board. */
  owns(boardId: string): boolean {
    const h = this.held.get(boardId)
    return !!h && h.validUntil > Date.now()
  }

  /**
   * Where a board is served: here (this node holds, or just took, its lease and fence) or at
   * its owner. Throws when Redis or PostgreSQL cannot tell (the caller closes, retryable).
   */
  route(boardId: string): Promise<Route> {
    if (this.closed) return Promise.reject(new Error('server is stopping'))
    if (this.owns(boardId)) return Promise.resolve({ local: true })
    let p = this.routing.get(boardId)
    if (!p) {
      p = this.take(boardId).finally(() => this.routing.delete(boardId))
      this.routing.set(boardId, p)
    }
    return p
  }

  private async take(boardId: string): Promise<Route> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const t0 = Date.now()
      const lease = await this.leases.acquire(boardId)
      if (lease.nodeId !== this.nodeId) return { local: false, url: lease.url }
      // Ours: move the fence before anything is read, so an older owner writes nothing more.
      if (this.o.storage.claim(boardId, lease.epoch)) {
        this.held.set(boardId, { lease, validUntil: t0 + this.leaseMs - this.margin, roomless: 0 })
        this.o.metrics.leaseMoves++
        this.o.log.info({ boardId, epoch: lease.epoch }, 'board owned here')
        return { local: true }
      }
      // The database knows a later epoch than Redis (Redis lost its counters): count on past it.
      await this.leases.release(boardId, lease)
      await this.leases.raiseEpoch(boardId, this.o.storage.fenceOf(boardId))
    }
    throw new Error(`board ${boardId} could not be claimed`)
  }

  /** Time kept in hand: a lease is given up this long before Redis would let it expire. */
  private get margin(): number {
    return Math.floor(this.leaseMs / 5)
  }

  private async renew(): Promise<void> {
    for (const [boardId, h] of [...this.held]) {
      const t0 = Date.now()
      let ok: boolean | null
      try {
        ok = await this.leases.renew(boardId, h.lease)
      } catch {
        ok = null
      }
      if (this.held.get(boardId) !== h) continue
      if (ok) {
        h.validUntil = t0 + this.leaseMs - this.margin
        // Taken for a connection whose socket closed before it joined, the board never
        // loaded: let it go rather than renew it for good (two renewals apart, so a board
        // just taken has joined by then).
        h.roomless = this.rooms?.holds(boardId) === false ? h.roomless + 1 : 0
        if (h.roomless >= 2) this.unloaded(boardId)
      } else if (ok === false || Date.now() >= h.validUntil) this.lose(boardId, h)
    }
  }

  /** The lease is gone (taken, expired, or Redis lost it): stop serving the board at once. */
  private lose(boardId: string, h: Held) {
    if (this.held.get(boardId) !== h) return
    this.held.delete(boardId)
    this.o.storage.release(boardId)
    this.o.metrics.leasesLost++
    this.o.log.warn({ boardId, epoch: h.lease.epoch }, 'board lease lost: closing its connections')
    this.rooms?.evictBoard(boardId, CLOSE.boardMoved)
  }

  /**
   * A write was refused by the fence: another node owns the board. The room that wrote closes
   * its connections and leaves memory itself (it is inside its write).
   */
  fenced(boardId: string): void {
    this.o.metrics.fencedWrites++
    if (this.held.delete(boardId)) this.o.metrics.leasesLost++
  }

  /** A link was rotated here: the other nodes close the connections opened with it too. */
  announceRotated(r: Rotated): void {
    this.rotatedLinks.announce(r)
  }

  /** The board left memory here: let its lease go. */
  unloaded(boardId: string): void {
    const h = this.held.get(boardId)
    if (!h) return
    this.held.delete(boardId)
    this.o.storage.release(boardId)
    this.leases.release(boardId, h.lease).catch(() => {})
  }

  /** Release every lease (after the rooms stored what they hold) and disconnect. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.renewal)
    const all = [...this.held]
    this.held.clear()
    await Promise.allSettled(all.map(([b, h]) => this.leases.release(b, h.lease)))
    this.rotatedLinks.close()
    this.redis.disconnect()
  }
}
