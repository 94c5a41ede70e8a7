/**
 * The arguments of the server's own board writes (`boardWrites.ts`) as they cross between
 * nodes, checked on arrival. A module of its own so that only a node that receives one loads
 * the schemas (and zod with them).
 */
import { EraseBody, SessionControlBody } from '@sensemaking/shared'
import * as z from 'zod/mini'
import type { EraseArgs } from './boardWrites'

export { SessionControlBody }

export const EraseArgsBody = z.strictObject({
  selector: EraseBody,
  by: z.enum(['facilitator', 'admin', 'author', 'retention', 'command-line']),
  lock: z.optional(z.boolean()),
}) satisfies z.ZodMiniType<EraseArgs>
