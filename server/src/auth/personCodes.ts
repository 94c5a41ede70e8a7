/**
 * One-time codes that make another device the same person [F14.4]: a device that holds a
 * person's credential asks for a code; the other device types it within ten minutes and gets
 * a credential for that person. A code works once. One node keeps them in memory (a restart
 * forgets unused codes, which costs one more request); several nodes keep them in Redis
 * (cluster/personCodes.ts), so the code works on whichever node the other device reaches.
 */
import { randomBytes } from 'node:crypto'

/** How long a code works. */
export const CODE_TTL_MS = 10 * 60_000
/** Codes kept at once; past it the oldest is forgotten (in Redis: new ones are refused). */
export const MAX_CODES = 10_000
/** Letters without look-alikes; ten of them are 50 bits, too many to guess in ten minutes. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const LENGTH = 10

interface Pending {
  personId: string
  expiresAt: number
}

/** A code as handed to the device that asked for it. */
export interface IssuedCode {
  code: string
  expiresAt: number
}

/** Where codes are kept: this process (one node) or Redis (several nodes). */
export interface PersonCodeStore {
  /** A new code for `personId`. */
  create(personId: string): IssuedCode | Promise<IssuedCode>
  /** The person a code names, once; null for an unknown, used or expired code. */
  take(typed: string): string | null | Promise<string | null>
}

/** A fresh random code. */
export function newCode(): string {
  let code = ''
  for (const b of randomBytes(LENGTH)) code += LETTERS[b % LETTERS.length]
  return code
}

/** A code as typed (any case, spaces or dashes), as it is kept. */
export const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[^A-Z0-9]/g, '')

export class PersonCodes implements PersonCodeStore {
  private readonly codes = new Map<string, Pending>()

  constructor(private readonly now: () => number = Date.now) {}

  create(personId: string): IssuedCode {
    const code = newCode()
    const expiresAt = this.now() + CODE_TTL_MS
    if (this.codes.size >= MAX_CODES) {
      const oldest = this.codes.keys().next().value
      if (oldest !== undefined) this.codes.delete(oldest)
    }
    this.codes.set(code, { personId, expiresAt })
    return { code, expiresAt }
  }

  take(typed: string): string | null {
    const code = normaliseCode(typed)
    const p = this.codes.get(code)
    if (!p) return null
    this.codes.delete(code)
    return p.expiresAt > this.now() ? p.personId : null
  }
}
