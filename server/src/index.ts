/** The sync server of the board: start it with `startServer`. */
export type { Limits } from './config'
export { DEFAULT_LIMITS } from './config'
export { CLOSE, type CloseName, clientRetries } from './protocol/closeCodes'
export { type RunningServer, type ServerOptions, startServer } from './server'
export type { CreatedSession } from './sessions/createSession'
export type { BoardStorage } from './storage/types'
