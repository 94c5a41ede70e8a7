/** The roles a link gives, and who holds which [F11.1]. */

export type Role = 'facilitator' | 'participant' | 'observer'

/** Every role, in the order the board's links list them. */
export const ROLES: readonly Role[] = ['facilitator', 'participant', 'observer']

/** The roles a session-wide link can give (a session has no observer link). */
export const SESSION_ROLES: readonly Role[] = ['facilitator', 'participant']

/** True for a role's name (a role read from an answer or another client is checked). */
export function isRole(v: unknown): v is Role {
  return v === 'facilitator' || v === 'participant' || v === 'observer'
}
