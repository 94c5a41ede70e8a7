/**
 * What the UI lets a person do. The server enforces roles (observers never write, locked
 * boards refuse participants); note ownership is a courtesy the UI keeps so that nobody
 * moves or deletes other people's work by accident.
 */

export type Role = 'facilitator' | 'participant' | 'observer'

export interface Permissions {
  role: Role
  userId: string
  /** The board's `locked` flag. */
  locked: boolean
}

/** Can this person write anything at all (post notes)? */
export function canWrite(p: Permissions): boolean {
  if (p.role === 'observer') return false
  if (p.role === 'participant' && p.locked) return false
  return true
}

/**
 * Can this person edit, move, tag or delete the note written by `authorId`? A note the
 * facilitator locked is read-only for participants [F8.5].
 */
export function canEditNote(p: Permissions, authorId: string, itemLocked = false): boolean {
  if (!canWrite(p)) return false
  if (p.role === 'facilitator') return true
  return !itemLocked && authorId !== '' && authorId === p.userId
}

/** Themes (clusters) are arranged by facilitators. */
export function canArrangeThemes(p: Permissions): boolean {
  return canWrite(p) && p.role === 'facilitator'
}

/** Harvests from the server need a facilitator token; others export their local copy. */
export function canUseServerHarvest(p: Permissions): boolean {
  return p.role === 'facilitator'
}

export function isRole(v: unknown): v is Role {
  return v === 'facilitator' || v === 'participant' || v === 'observer'
}
