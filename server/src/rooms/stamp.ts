/**
 * Presence nobody can forge [P2.4, F14.5]: the server writes who a state's connection is into
 * its `user` field (person id, name, city and the link's role), whatever the client claimed.
 * The colour stays the client's (display only, checked by every reader [P2.3]).
 */
import { PRESENCE, PRESENCE_USER, type Role } from '@sensemaking/shared'
import type { Person } from '../auth/people'

const encoder = new TextEncoder()

/** Who the server says a connection is. */
export interface Stamp {
  person: Person
  role: Role
}

/**
 * The JSON bytes of `state` (an awareness state as parsed) with its `user` replaced by the
 * server's; a state that is not an object is kept as sent (readers ignore it [P1.1]).
 */
export function stampPresence(state: unknown, who: Stamp): Uint8Array | null {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return null
  const s = state as Record<string, unknown>
  const claimed = s[PRESENCE.user]
  const color =
    typeof claimed === 'object' && claimed !== null
      ? (claimed as Record<string, unknown>)[PRESENCE_USER.color]
      : undefined
  s[PRESENCE.user] = {
    [PRESENCE_USER.id]: who.person.id,
    [PRESENCE_USER.name]: who.person.name,
    [PRESENCE_USER.city]: who.person.city,
    [PRESENCE_USER.color]: typeof color === 'string' ? color : undefined,
    [PRESENCE_USER.role]: who.role,
  }
  return encoder.encode(JSON.stringify(s))
}
