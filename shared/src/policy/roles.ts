/** The roles a link gives, and who holds which [F12.1]. */

/** Every role, in the order the board's links list them. */
export const ROLES = ['facilitator', 'participant', 'observer'] as const

export type Role = (typeof ROLES)[number]

/** The roles a session-wide link can give (a session has no observer link). */
export const SESSION_ROLES = ['facilitator', 'participant'] as const satisfies readonly Role[]

/** True for a role's name (a role read from an answer or another client is checked). */
export function isRole(v: unknown): v is Role {
  return v === 'facilitator' || v === 'participant' || v === 'observer'
}
