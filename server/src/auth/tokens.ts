/**
 * Link tokens: HMAC-SHA256(serverSecret, scope|id|role|generation), 192 bits, base64url. Derived,
 * not stored, so a dashboard can show a link again; rotating a link bumps its generation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { TokenScope } from '../storage/types'

/** Longest token worth comparing; anything longer is refused outright. */
export const MAX_TOKEN_LENGTH = 256

export function deriveToken(
  secret: Buffer,
  scope: TokenScope,
  id: string,
  role: string,
  generation: number,
): string {
  return createHmac('sha256', secret)
    .update(`${scope}|${id}|${role}|${generation}`)
    .digest()
    .subarray(0, 24)
    .toString('base64url')
}

/** Compare two tokens in time independent of where they differ. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  if (a.length !== b.length) {
    timingSafeEqual(b, b)
    return false
  }
  return timingSafeEqual(a, b)
}
