/**
 * Rotated links between nodes: the node that took a rotation announces it on Redis, and every
 * node closes the connections it holds with the old link (a board's connections are all on its
 * owner, forwarded ones included). Redis pub/sub delivers at most once: a node whose connection
 * to Redis was cut may have missed announcements, so once back it checks every connection's
 * link against the generations in the database and closes those rotated meanwhile.
 */
import { ROLES } from '@sensemaking/shared'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import * as z from 'zod/mini'
import { openedBefore, type Rotated } from '../auth/rotated'
import type { Access } from '../rooms/connection'
import type { PgStorage } from '../storage/pg/pgStorage'

const CHANNEL = 'board:links:rotated'

/** An announcement as another node sent it. */
const RotatedBody = z.strictObject({
  scope: z.enum(['board', 'session']),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  role: z.enum(ROLES),
  generation: z.number().check(z.int(), z.nonnegative()),
}) satisfies z.ZodMiniType<Rotated>

/** The rooms of this node, as far as rotated links need them. */
interface Revoking {
  /** Close the connections `match` names; returns how many. */
  revoke(match: (a: Access) => boolean): number
}

export class RotatedLinks {
  /** A connection in subscriber mode. */
  private readonly sub: Redis

  constructor(
    private readonly redis: Redis,
    private readonly o: { storage: PgStorage; log: Logger; rooms: () => Revoking | null },
  ) {
    this.sub = redis.duplicate()
    this.sub.on('error', () => {})
    let heard = false
    this.sub.on('ready', () => {
      this.sub.subscribe(CHANNEL).catch(() => {})
      // Back after a cut: announcements made meanwhile are lost.
      if (heard) this.recheck()
      heard = true
    })
    this.sub.on('message', (_channel: string, message: string) => this.heard(message))
  }

  /** Tell the other nodes (best effort: a node that misses it checks again when back). */
  announce(r: Rotated): void {
    this.redis.publish(CHANNEL, JSON.stringify(r)).catch(() => {})
  }

  private heard(message: string) {
    let r: Rotated
    try {
      r = RotatedBody.parse(JSON.parse(message))
    } catch {
      this.o.log.warn('unreadable announcement of a rotated link')
      return
    }
    const closed = this.o.rooms()?.revoke(openedBefore(r)) ?? 0
    if (closed > 0) this.o.log.info({ scope: r.scope, closed }, 'rotated link closed here')
  }

  /** Close every connection whose link was rotated since it opened, as stored. */
  recheck(): void {
    const current = new Map<string, number>()
    try {
      const closed =
        this.o.rooms()?.revoke((a) => {
          const key = `${a.scope}|${a.scopeId}|${a.role}`
          let g = current.get(key)
          if (g === undefined) {
            g = this.o.storage.getGeneration(a.scope, a.scopeId, a.role)
            current.set(key, g)
          }
          return a.generation < g
        }) ?? 0
      if (closed > 0) this.o.log.info({ closed }, 'links rotated while Redis was away closed')
    } catch (e) {
      this.o.log.warn({ err: (e as Error).message }, 'links could not be checked again')
    }
  }

  close(): void {
    this.sub.disconnect()
  }
}
