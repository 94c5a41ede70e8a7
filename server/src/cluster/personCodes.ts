/**
 * One-time codes for another device [F14.4] with several nodes: kept in Redis, so a code asked
 * of one node is taken on any other (the device that types it may reach any). Each code is a
 * key that expires with the code, and taking it deletes it in the same command, so it works
 * once whichever nodes race for it. Redis away: asking and taking fail closed (503), and the
 * device asks again. Codes made per ten minutes are counted over the cluster and bounded.
 */
import type { Redis } from 'ioredis'
import {
  CODE_TTL_MS,
  type IssuedCode,
  MAX_CODES,
  newCode,
  normaliseCode,
  type PersonCodeStore,
} from '../auth/personCodes'
import { HttpError } from '../http/respond'

const codeKey = (code: string) => `person:code:${code}`
/** Codes made in the current ten minutes, over every node. */
const MADE_KEY = 'person:codes:made'

/** 1: stored; 0: the code exists already (draw another); -1: too many codes made lately. */
const CREATE = `
local n = redis.call('INCR', KEYS[2])
if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
if n > tonumber(ARGV[3]) then return -1 end
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
return 0`

const unavailable = () =>
  new HttpError(503, 'unavailable', 'Codes cannot be made or taken just now; try again')

export class RedisPersonCodes implements PersonCodeStore {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
    private readonly maxCodes = MAX_CODES,
  ) {}

  async create(personId: string): Promise<IssuedCode> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const code = newCode()
      const expiresAt = this.now() + CODE_TTL_MS
      const r = await this.redis
        .eval(CREATE, 2, codeKey(code), MADE_KEY, personId, String(CODE_TTL_MS), this.maxCodes)
        .catch(() => {
          throw unavailable()
        })
      if (r === 1) return { code, expiresAt }
      if (r === -1)
        throw new HttpError(503, 'busy', 'Too many codes were asked for lately; try again soon')
    }
    throw unavailable()
  }

  async take(typed: string): Promise<string | null> {
    const code = normaliseCode(typed)
    if (code.length === 0) return null
    return this.redis.getdel(codeKey(code)).catch(() => {
      throw unavailable()
    })
  }
}
