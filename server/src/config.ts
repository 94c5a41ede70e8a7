/** Limits and their defaults; every one can be set through `startServer({ limits })`. */
import type { BudgetLimits } from './rooms/budgets'
import type { PresenceLimits } from './rooms/presence'

export interface Limits extends BudgetLimits, PresenceLimits {
  /**
   * Largest single message (a facilitator's). Large enough for the catch-up sync of a big board
   * after a long offline spell: a client whose sync step 2 is refused would retry it forever.
   */
  maxMessageBytes: number
  /** Largest single message of a participant or an observer. */
  participantMaxMessageBytes: number
  /** Connections one board takes in all [G8]… */
  maxConnectionsPerBoard: number
  /** …of which this many are kept for facilitators… */
  facilitatorSeats: number
  /** …at most this many observers… */
  maxObserversPerBoard: number
  /** …at most this many through one link… */
  maxConnectionsPerLink: number
  /** …and at most this many from one network address. */
  maxConnectionsPerAddress: number
  /** Upgrade requests one address may make a second, and in a burst (429 beyond) [G8]. */
  upgradesPerSecondPerAddress: number
  upgradeBurstPerAddress: number
  /**
   * A connection's unsent bytes may reach this, or twice the board's encoded size if that is
   * more; past it the connection is dropped (it cannot keep up, or does not read) [G6].
   */
  minSendQueueBytes: number
  /** Ping interval; a socket that did not answer the previous ping is dropped. */
  pingIntervalMs: number
  /** A socket closed by the server that does not finish the closing handshake is dropped. */
  closeGraceMs: number
  /**
   * Awareness changes of a room are coalesced and sent at most once per tick (0: at once). A
   * board's tick is `awarenessTickPerPeerMs` per connection, at least `awarenessMinTickMs` and
   * at most `awarenessTickMs`: a broadcast costs a write per connection and comes back as an
   * echo from each, so a larger board waits longer between broadcasts and its presence costs
   * about the same writes a second (1000 / 0.4 = 2,500) until the longest tick, and as many
   * echoes come back from stock clients; a board of 60 sends a cursor within 24 ms, half of
   * them within 12 ms, a breakout of 8 within 10 ms, and a plenary of 125 or more waits 50.
   */
  awarenessTickMs: number
  awarenessMinTickMs: number
  awarenessTickPerPeerMs: number
  /**
   * The presence writes a second the server spends at most, over all boards: past
   * `awarenessServerWritesPerSecond` / (1000 / tick) connections (2,000 at a 50 ms tick), every
   * board's tick stretches in proportion to the server's connections, up to
   * `awarenessLoadedTickMs` (a presence write and its echo cost some 17 µs each; the budget is
   * about two thirds of a core). Counted at each maintenance (`maintenanceMs`).
   */
  awarenessServerWritesPerSecond: number
  awarenessLoadedTickMs: number
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
   * An update with missing dependencies is held (up to this many bytes per connection, with
   * its reading) until the connection sends what it builds on… [G7]
   */
  maxHeldBytes: number
  /** …up to this many bytes on one board… */
  boardMaxHeldBytes: number
  /** …and on the whole server… */
  serverMaxHeldBytes: number
  /** …or for this long; past any of them, the connection is closed to resync (retryable). */
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
  /** What one participant's message may hold [G4]: structs and deletions… */
  participantMaxStructs: number
  /** …notes created… */
  participantMaxNotes: number
  /** …bytes of one value. */
  participantMaxValueBytes: number
  /** The same for a facilitator's message (an import, a first catch-up). */
  facilitatorMaxStructs: number
  facilitatorMaxNotes: number
  facilitatorMaxValueBytes: number
  /**
   * Characters a note's text may reach through a write: the writers' cap (2,000, F3.3) and as
   * much again for people typing at once [G4].
   */
  maxTextUnits: number
  /** Inserts at one position in one message, and concurrent items one insert may pass [G5]. */
  maxConcurrentInserts: number
}

const MiB = 1024 * 1024

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 4 * MiB,
  participantMaxMessageBytes: 1 * MiB,
  maxConnectionsPerBoard: 500,
  facilitatorSeats: 20,
  maxObserversPerBoard: 200,
  maxConnectionsPerLink: 400,
  maxConnectionsPerAddress: 200,
  // A plenary opening: 200 people behind one venue address join within 5 s, 100 at once and 20
  // a second more than the 20 that left the 200th at the bucket's last token.
  upgradesPerSecondPerAddress: 40,
  upgradeBurstPerAddress: 100,
  minSendQueueBytes: 4 * MiB,
  messagesPerSecond: 200,
  messageBurst: 400,
  bytesPerSecond: 2 * MiB,
  byteBurst: 4 * MiB,
  boardBytesPerSecond: 16 * MiB,
  serverBytesPerSecond: 64 * MiB,
  workMsPerSecond: 100,
  workMsBurst: 300,
  boardWorkMsPerSecond: 300,
  serverWorkMsPerSecond: 600,
  participantStructsPerMinute: 30_000,
  participantNotesPerMinute: 300,
  presenceChangesPerSecond: 30,
  presenceBytesPerSecond: 32 * 1024,
  maxClientsPerConnection: 4,
  maxEntryBytes: 8 * 1024,
  maxPresenceEntries: 2_000,
  outdatedMs: 30_000,
  pingIntervalMs: 30_000,
  closeGraceMs: 2_000,
  awarenessTickMs: 50,
  awarenessMinTickMs: 10,
  awarenessTickPerPeerMs: 0.4,
  awarenessServerWritesPerSecond: 40_000,
  awarenessLoadedTickMs: 500,
  keepaliveMs: 15_000,
  idleUnloadMs: 30_000,
  compactAfterRows: 1000,
  compactAfterBytes: 4 * MiB,
  storageRetryMs: 5_000,
  maintenanceMs: 5_000,
  maxHeldBytes: 1 * MiB,
  boardMaxHeldBytes: 8 * MiB,
  serverMaxHeldBytes: 32 * MiB,
  heldTimeoutMs: 10_000,
  rebaseMinBytes: 256 * 1024,
  rebaseMinRatio: 2,
  participantMaxStructs: 10_000,
  participantMaxNotes: 200,
  participantMaxValueBytes: 4 * 1024,
  facilitatorMaxStructs: 40_000,
  facilitatorMaxNotes: 10_000,
  facilitatorMaxValueBytes: 64 * 1024,
  maxTextUnits: 4_000,
  maxConcurrentInserts: 64,
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
