/**
 * A room's outgoing presence: changes go out at most once per tick, leading edge first. A change
 * after a quiet tick is sent at once (a small room's cursors never wait on a timer), and changes
 * within the tick after a send are coalesced into one message at its end (a plenary's many
 * cursors), so an entry reaches each connection at most once per tick however often it changes.
 * The tick grows with the room (`presenceTickMs`): a busy small board's cursors wait little, a
 * plenary's broadcasts stay few. It grows with the server too: past the connections whose
 * broadcasts the server can write (`awarenessServerWritesPerSecond`), every board's tick
 * stretches, so that presence keeps its share of the CPU and edits stay prompt; cursors move
 * in larger steps instead.
 */
import { encodeAwareness } from '../protocol/messages'
import type { ClientIds } from './clientIds'
import type { Presence } from './presence'

export interface TickLimits {
  awarenessTickMs: number
  awarenessMinTickMs: number
  awarenessTickPerPeerMs: number
  awarenessServerWritesPerSecond: number
  awarenessLoadedTickMs: number
}

/** A room's own tick (its size alone), and the tick the server-wide budget asks for, in ms. */
function ticks(l: TickLimits, peers: number, serverPeers: number) {
  const own = Math.min(
    l.awarenessTickMs,
    Math.max(l.awarenessMinTickMs, peers * l.awarenessTickPerPeerMs),
  )
  return { own, loaded: (serverPeers * 1000) / l.awarenessServerWritesPerSecond }
}

/**
 * The presence tick of a room of `peers` connections on a server holding `serverPeers`, in ms
 * (0: every change at once). A connection gets at most one presence write per tick, so a tick
 * of `serverPeers` × 1000 / `awarenessServerWritesPerSecond` ms keeps the server's presence
 * writes within that budget however its connections are spread over boards.
 */
export function presenceTickMs(l: TickLimits, peers: number, serverPeers = peers): number {
  if (l.awarenessTickMs <= 0) return 0
  const { own, loaded } = ticks(l, peers, serverPeers)
  return Math.min(l.awarenessLoadedTickMs, Math.max(own, loaded))
}

/**
 * True when the server-wide budget, not the room's own size, sets the tick: the server is
 * loaded, and the room's presence goes out on its own beat (`PresenceOutbox`'s `aligned`).
 */
export function presenceTickLoaded(l: TickLimits, peers: number, serverPeers = peers): boolean {
  if (l.awarenessTickMs <= 0) return false
  const { own, loaded } = ticks(l, peers, serverPeers)
  return loaded > own
}

export class PresenceOutbox {
  private timer: NodeJS.Timeout | null = null
  /** When presence last went out (now() time). */
  private sentAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly presence: Presence,
    /** The current tick, in ms (the room's size may change it). */
    private readonly tickMs: () => number,
    private readonly now: () => number,
    /** Send to every connection but the one whose ids are `skip` (null: to every one). */
    private readonly broadcast: (data: Uint8Array, skip: ClientIds | null) => void,
    /**
     * True while the server is loaded (`presenceTickLoaded`): changes go out only at the ends
     * of the room's ticks, counted from its last send, never at once after a quiet tick. A
     * change waits at most a tick either way, and the leading edge's extra sends are left out
     * when the server is short of writes (a board of 20 moving 20 cursors a second at a 50 ms
     * tick: some 12.5 sends a second instead of 14.6, presenceOut.test.ts).
     */
    private readonly aligned: () => boolean = () => false,
  ) {}

  /** Something changed: send it now or at the end of the current tick. */
  schedule(): void {
    if (this.timer) return
    const since = this.now() - this.sentAt
    const tick = this.tickMs()
    if (tick <= 0 || since === Number.POSITIVE_INFINITY) {
      this.flush()
      return
    }
    if (since < tick) {
      this.timer = setTimeout(() => this.flush(), tick - since)
      return
    }
    if (!this.aligned()) {
      this.flush()
      return
    }
    this.timer = setTimeout(() => this.flush(), tick - (since % tick))
  }

  /**
   * Send the coalesced changes to every connection. Changes of one connection's own states
   * alone (a moving cursor, the usual flush of a small board) skip that connection: it holds
   * them at those clocks already, and a client ignores its own state at a clock it has.
   */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const changes = this.presence.takeDirty()
    if (!changes) return
    this.sentAt = this.now()
    this.broadcast(encodeAwareness(changes.update), changes.from)
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
