/** The sync server of the board: start it with `startServer`. */
export {
  CLOSE,
  type CloseName,
  type CreatedSession,
  clientRetries,
} from '@sensemaking/shared'
export type { Limits } from './config'
export { DEFAULT_LIMITS } from './config'
export { type RunningServer, type ServerOptions, startServer } from './server'
export type { BoardStorage } from './storage/types'
