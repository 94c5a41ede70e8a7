/**
 * What a room knows of a connection: send bytes, close with a code, drop it. The WebSocket layer
 * adapts `ws` to this; tests use an in-memory one. Nothing else of the transport reaches a room.
 */
import type { Role } from '@sensemaking/shared'
import type { Person } from '../auth/people'
import type { TokenScope } from '../storage/types'
import { type BudgetLimits, ConnectionBudgets } from './budgets'
import { ClientIds, type ClientOwners } from './clientIds'
import type { HeldUpdate } from './held'

export interface Connection {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /** Drop the connection at once, without a closing handshake (it cannot take more bytes). */
  terminate(): void
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number
  /**
   * Hold what is sent until `uncork` and write it then in one go (one system call and, on
   * TCP, one segment where it fits, instead of one per message); counted, like a socket's.
   */
  cork?(): void
  uncork?(): void
}

/** What a connection's token granted, and where it comes from. */
export interface Access {
  role: Role
  /** Whether the token is a board's link or a session-wide one. */
  scope: TokenScope
  /** The board id or the session id the token belongs to. */
  scopeId: string
  generation: number
  /** The client's network address, for seats per address [G8]; null when unknown. */
  address?: string | null
  /**
   * Who the connection is [F14]: the person its credential proves, or one of its own. Absent
   * only for HTTP requests, which write nothing under a person.
   */
  person?: Person
}

/** The link a connection came through: one role's token of a board or a session. */
export const linkOf = (a: Access) => `${a.scope}|${a.scopeId}|${a.role}`

/** A connection inside a room. */
export class Peer {
  closed = false
  lastSentAt: number
  readonly budgets: ConnectionBudgets
  /** The client ids this connection owns: its person's [F14.7], GC and Skip [G2], presence [G9]. */
  readonly ids: ClientIds
  /** Updates held for what they build on (see held.ts). */
  readonly held = new Set<HeldUpdate>()
  heldBytes = 0
  /** When the oldest held update arrived. */
  heldSince = 0

  constructor(
    readonly conn: Connection,
    readonly access: Access,
    limits: BudgetLimits,
    now: number,
    /** The board's owners of client ids; without it (tools, tests) ids are nobody's. */
    owners: ClientOwners | null = null,
  ) {
    this.ids = new ClientIds(access.person ?? null, owners)
    this.lastSentAt = now
    this.budgets = new ConnectionBudgets(limits, access.role, now)
  }
}
