/**
 * What a room knows of a connection: send bytes, close with a code. The WebSocket layer adapts
 * `ws` to this; tests use an in-memory one. Nothing else of the transport reaches a room.
 */
import type { Role } from '@sensemaking/shared'
import type { Person } from '../auth/people'
import type { TokenScope } from '../storage/types'
import { TokenBucket } from './rateLimit'

export interface Connection {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number
}

/** What a connection's token granted. */
export interface Access {
  role: Role
  /** Whether the token is a board's link or a session-wide one. */
  scope: TokenScope
  /** The board id or the session id the token belongs to. */
  scopeId: string
  generation: number
  /**
   * Who the connection is [F13]: the person its credential proves, or one of its own. Absent
   * only for HTTP requests, which write nothing under a person.
   */
  person?: Person
}

/** Per-connection limits (part of Limits). */
export interface PeerLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
}

/** A connection inside a room. */
export class Peer {
  closed = false
  lastSentAt: number
  readonly messages: TokenBucket
  readonly bytes: TokenBucket
  /** Updates held for missing dependencies, oldest first (see Room.write). */
  held: Uint8Array[] = []
  heldBytes = 0
  /** When the oldest held update arrived. */
  heldSince = 0

  constructor(
    readonly conn: Connection,
    readonly access: Access,
    limits: PeerLimits,
    now: number,
  ) {
    this.lastSentAt = now
    this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond, now)
    this.bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond, now)
  }
}
