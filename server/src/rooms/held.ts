/**
 * Updates held for what they build on [G7]. A y-websocket client that edits the moment its
 * socket reopens sends the edit before its catch-up sync step 2, which carries what the edit
 * builds on; Yjs itself would keep such an update pending. The room keeps it with its reading
 * (decoded once) and what it waits for (a clock of each client it needs), indexed by client,
 * and tries it again only when one of those clients advances, not after every write.
 */
import type { ScannedUpdate } from '../guard/scan'

/** What holding needs of a connection: the updates it holds and their bytes. */
export interface HeldOwner {
  readonly held: Set<HeldUpdate>
  heldBytes: number
}

/** An update held on connection `P`. */
export interface HeldUpdate<P extends HeldOwner = HeldOwner> {
  readonly peer: P
  readonly update: Uint8Array
  readonly scan: ScannedUpdate
  /** Client → the clock the document must hold (state > clock) before a retry. */
  waits: Map<number, number>
  /** The client it is indexed under (the first wait not met when it was filed). */
  indexedUnder: number
  /** Bytes it counts against the budgets: the update and its reading. */
  readonly weight: number
  /** Arrival order on the board. */
  seq: number
}

/** Rough bytes of a scanned item in memory, for the held budgets. */
const ITEM_WEIGHT = 160

export function heldWeight(update: Uint8Array, scan: ScannedUpdate): number {
  return update.length + scan.items.length * ITEM_WEIGHT + scan.structs * 8
}

/** A board's held updates, of connections `P`. */
export class HeldUpdates<P extends HeldOwner = HeldOwner> {
  private readonly byClient = new Map<number, Set<HeldUpdate<P>>>()
  /** Bytes held on this board. */
  bytes = 0
  private seq = 0

  /** Hold `h`, indexed under its first wait `stateOf` does not meet. */
  add(h: HeldUpdate<P>, stateOf: (client: number) => number): void {
    h.seq = ++this.seq
    this.bytes += h.weight
    h.peer.held.add(h)
    h.peer.heldBytes += h.weight
    this.index(h, stateOf)
  }

  private index(h: HeldUpdate<P>, stateOf: (client: number) => number): boolean {
    for (const [client, clock] of h.waits) {
      if (stateOf(client) > clock) continue
      h.indexedUnder = client
      let set = this.byClient.get(client)
      if (!set) {
        set = new Set()
        this.byClient.set(client, set)
      }
      set.add(h)
      return true
    }
    return false
  }

  /**
   * The held updates whose every wait is met now that `clients` advanced, taken out, oldest
   * first; those still waiting on another client are indexed under it.
   */
  takeReady(clients: Iterable<number>, stateOf: (client: number) => number): HeldUpdate<P>[] {
    const ready: HeldUpdate<P>[] = []
    for (const client of clients) {
      const set = this.byClient.get(client)
      if (!set) continue
      for (const h of [...set]) {
        const clock = h.waits.get(client)
        if (clock !== undefined && stateOf(client) <= clock) continue
        set.delete(h)
        if (!this.index(h, stateOf)) {
          this.forget(h)
          ready.push(h)
        }
      }
      if (set.size === 0) this.byClient.delete(client)
    }
    return ready.sort((a, b) => a.seq - b.seq)
  }

  /** Take one held update out (retried, or its connection closed). */
  private forget(h: HeldUpdate<P>): void {
    this.byClient.get(h.indexedUnder)?.delete(h)
    if (this.byClient.get(h.indexedUnder)?.size === 0) this.byClient.delete(h.indexedUnder)
    if (h.peer.held.delete(h)) {
      h.peer.heldBytes -= h.weight
      this.bytes -= h.weight
    }
  }

  /** Drop every update a connection holds; returns the bytes freed. */
  dropPeer(peer: P): number {
    let freed = 0
    for (const h of [...peer.held] as HeldUpdate<P>[]) {
      freed += h.weight
      this.forget(h)
    }
    return freed
  }
}
