/**
 * A rotated link [G11]: its generation moved on, and every connection opened with an older
 * one is closed (4403). One description of it serves the node that took the rotation and,
 * with several nodes, every other node it is announced to (cluster/cluster.ts).
 */
import type { Role } from '@sensemaking/shared'
import type { Access } from '../rooms/connection'

/** A link's new generation (as announced between nodes: `cluster/rotatedLinks.ts` reads it). */
export interface Rotated {
  scope: 'board' | 'session'
  id: string
  role: Role
  generation: number
}

/** True for a connection opened with the rotated link under an older generation. */
export const openedBefore =
  (r: Rotated) =>
  (a: Access): boolean =>
    a.scope === r.scope && a.scopeId === r.id && a.role === r.role && a.generation < r.generation
