/** Limits and their defaults; every one can be set through `startServer({ limits })`. */
import type { PeerLimits } from './rooms/connection'
import type { PresenceLimits } from './rooms/presence'

export interface Limits extends PeerLimits, PresenceLimits {
  /**
   * Largest single message. Large enough for the catch-up sync of a big board after a long
   * offline spell: a client whose sync step 2 is refused would retry it forever.
   */
  maxMessageBytes: number
  maxConnectionsPerBoard: number
  /** A connection whose unsent bytes pass this is closed (retryable): it cannot keep up. */
  maxBufferedBytes: number
  /** Ping interval; a socket that did not answer the previous ping is dropped. */
  pingIntervalMs: number
  /** Awareness changes of a room are coalesced and sent once per tick (0: at once). */
  awarenessTickMs: number
  /** A connection that was sent nothing for this long gets an empty awareness message. */
  keepaliveMs: number
  /** A board with no connections leaves memory after this long. */
  idleUnloadMs: number
  /** Compact a board's log once it holds this many rows… */
  compactAfterRows: number
  /** …or this many bytes. */
  compactAfterBytes: number
  /** A board whose storage failed tries again after this long. */
  storageRetryMs: number
  /**
   * An update with missing dependencies is held (up to this many bytes per connection) until the
   * connection sends what it builds on…
   */
  maxHeldBytes: number
  /** …or for this long; past either, the connection is closed to resync (retryable). */
  heldTimeoutMs: number
  /** Periodic work (presence sweep, keepalive) runs this often. */
  maintenanceMs: number
  /**
   * A board leaving memory with no connection starts a new epoch without its history [F10]
   * when its document is at least this large…
   */
  rebaseMinBytes: number
  /** …and at least this many times the size of a fresh copy of its content. */
  rebaseMinRatio: number
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 32 * 1024 * 1024,
  maxConnectionsPerBoard: 500,
  maxBufferedBytes: 64 * 1024 * 1024,
  messagesPerSecond: 200,
  messageBurst: 400,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 64 * 1024 * 1024,
  maxClientsPerConnection: 4,
  maxEntryBytes: 8 * 1024,
  outdatedMs: 30_000,
  pingIntervalMs: 30_000,
  awarenessTickMs: 50,
  keepaliveMs: 15_000,
  idleUnloadMs: 30_000,
  compactAfterRows: 1000,
  compactAfterBytes: 4 * 1024 * 1024,
  storageRetryMs: 5_000,
  maintenanceMs: 5_000,
  maxHeldBytes: 8 * 1024 * 1024,
  heldTimeoutMs: 10_000,
  rebaseMinBytes: 256 * 1024,
  rebaseMinRatio: 2,
}

export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  const out = { ...DEFAULT_LIMITS }
  for (const [k, v] of Object.entries(partial) as [keyof Limits, number | undefined][]) {
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`limits.${k} must be a number of at least 0`)
    }
    out[k] = v
  }
  return out
}
