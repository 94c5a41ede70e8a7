/**
 * Board leases in Redis: one owner per board, with an epoch that only grows. The owner renews
 * its lease while it holds the board and deletes it when it lets go; a lease not renewed expires
 * on its own (its node died or stopped). Every operation is one Lua script, atomic in Redis.
 * The epoch fences the owner's writes in PostgreSQL, so the lease alone never decides who
 * writes.
 */
import type { Redis } from 'ioredis'

/** Who holds a board's lease. */
export interface Lease {
  nodeId: string
  epoch: number
  /** Where the owner takes forwarded connections (http://host:port). */
  url: string
  /** The stored value, compared when renewing or releasing. */
  value: string
}

const ownerKey = (boardId: string) => `board:owner:${boardId}`
const epochKey = (boardId: string) => `board:epoch:${boardId}`

/** The current lease, or a new one for this node under the next epoch. */
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then return cur end
local e = redis.call('INCR', KEYS[2])
local v = ARGV[1] .. ' ' .. e .. ' ' .. ARGV[2]
redis.call('SET', KEYS[1], v, 'PX', ARGV[3])
return v`
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`
const RAISE = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`

export function parseLease(value: string): Lease | null {
  const [nodeId, epoch, url] = value.split(' ')
  const e = Number(epoch)
  if (!nodeId || !url || !Number.isSafeInteger(e)) return null
  return { nodeId, epoch: e, url, value }
}

export class Leases {
  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    /** This node's address for forwarded connections (known once it listens). */
    private readonly url: () => string,
    private readonly leaseMs: number,
  ) {}

  /** The board's lease: this node's when it was free, else its holder's. */
  async acquire(boardId: string): Promise<Lease> {
    const v = (await this.redis.eval(
      ACQUIRE,
      2,
      ownerKey(boardId),
      epochKey(boardId),
      this.nodeId,
      this.url(),
      String(this.leaseMs),
    )) as string
    const lease = parseLease(v)
    if (!lease) throw new Error(`unreadable lease of board ${boardId}`)
    return lease
  }

  /** Who holds each board's lease now (null: nobody), in one round trip; nothing is taken. */
  async holders(boardIds: readonly string[]): Promise<(Lease | null)[]> {
    if (boardIds.length === 0) return []
    const values = await this.redis.mget(...boardIds.map(ownerKey))
    return values.map((v) => (v === null ? null : parseLease(v)))
  }

  /** Extend a lease this node holds; false when it is no longer this node's. */
  async renew(boardId: string, lease: Lease): Promise<boolean> {
    const r = await this.redis.eval(RENEW, 1, ownerKey(boardId), lease.value, String(this.leaseMs))
    return r === 1
  }

  /** Let a board go (only if the lease is still this one). */
  async release(boardId: string, lease: Lease): Promise<void> {
    await this.redis.eval(RELEASE, 1, ownerKey(boardId), lease.value)
  }

  /**
   * Make the next epoch greater than `epoch` (the database's fence, when Redis lost its
   * counters: a restart without persistence).
   */
  async raiseEpoch(boardId: string, epoch: number): Promise<void> {
    await this.redis.eval(RAISE, 1, epochKey(boardId), String(epoch))
  }
}
