/**
 * What a room sends, to one connection or to all: each send bounded by the connection's send
 * queue [G6], counted, and quiet connections kept alive.
 */
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { encodeAwareness } from '../protocol/messages'
import type { ClientIds } from './clientIds'
import type { Peer } from './connection'

const KEEPALIVE = encodeAwareness(Uint8Array.of(0))

export interface OutletDeps {
  limits: Limits
  metrics: ServerMetrics
  now: () => number
}

export class Outlet {
  constructor(
    private readonly peers: ReadonlySet<Peer>,
    private readonly deps: OutletDeps,
    /** The board's encoded size: a send queue may hold twice it. */
    private readonly boardBytes: () => number,
    /** Drop a connection that cannot take more bytes. */
    private readonly drop: (peer: Peer) => void,
  ) {}

  /**
   * Send to one connection, unless its unsent bytes would pass the send queue's bound (a few
   * MiB, or twice the board): such a connection does not read, or cannot keep up, and is
   * dropped rather than queued for [G6].
   */
  send(peer: Peer, data: Uint8Array): void {
    if (peer.closed) return
    const limit = Math.max(this.deps.limits.minSendQueueBytes, 2 * this.boardBytes())
    if (peer.conn.bufferedAmount() + data.length > limit) {
      this.drop(peer)
      return
    }
    peer.conn.send(data)
    peer.lastSentAt = this.deps.now()
    this.deps.metrics.messagesOut++
    this.deps.metrics.bytesOut += data.length
  }

  /** Send to every connection but `except`. */
  broadcast(data: Uint8Array, except?: Peer): void {
    for (const p of this.peers) if (p !== except) this.send(p, data)
  }

  /** Send to every connection but the one whose client ids are `skip` (null: to every one). */
  broadcastSkipping(data: Uint8Array, skip: ClientIds | null): void {
    for (const p of this.peers) if (p.ids !== skip) this.send(p, data)
  }

  /** Send a keepalive to every connection sent nothing for `keepaliveMs`. */
  keepAlive(now: number): void {
    for (const p of [...this.peers]) {
      if (!p.closed && now - p.lastSentAt >= this.deps.limits.keepaliveMs) this.send(p, KEEPALIVE)
    }
  }
}
