/**
 * A rotated link [G11]: its generation moved on, and every connection opened with an older
 * one is closed (4403). One description of it serves the node that took the rotation and,
 * with several nodes, every other node it is announced to (cluster/cluster.ts).
 */
import { ROLES } from '@sensemaking/shared'
import { z } from 'zod'
import type { Access } from '../rooms/connection'

export const Rotated = z.strictObject({
  scope: z.enum(['board', 'session']),
  id: z.string().min(1).max(200),
  role: z.enum(ROLES),
  generation: z.number().int().nonnegative(),
})
export type Rotated = z.infer<typeof Rotated>

/** True for a connection opened with the rotated link under an older generation. */
export const openedBefore =
  (r: Rotated) =>
  (a: Access): boolean =>
    a.scope === r.scope && a.scopeId === r.id && a.role === r.role && a.generation < r.generation
