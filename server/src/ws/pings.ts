/**
 * Liveness pings, spread over the ping interval: each socket is given one of `slices` slots as
 * it opens, and every `intervalMs / slices` one slot's sockets are pinged, so a server of 10,000
 * connections sends some 1,000 pings at a time rather than all of them in one turn of its
 * event loop (a burst of writes and of pongs back that every message of that moment waits
 * behind). The rule is unchanged: a socket is pinged once per interval and dropped at its next
 * turn if it did not answer the previous ping.
 */
export interface Pingable {
  /** Its slot, 0 to slices − 1 (set once, by `PingSlices.slotOf`). */
  pingSlot: number
  /** It answered since its last ping (a new socket counts as answered). */
  alive: boolean
  ping(): void
  terminate(): void
}

export class PingSlices {
  private next = 0
  private turn = 0

  constructor(readonly slices: number) {
    if (!Number.isInteger(slices) || slices < 1) throw new RangeError('slices must be ≥ 1')
  }

  /** The slot of a new socket: round robin, so the slots stay even as sockets come and go. */
  slotOf(): number {
    const slot = this.next
    this.next = (this.next + 1) % this.slices
    return slot
  }

  /**
   * One turn: the current slot's sockets are pinged, those that did not answer the last ping
   * are dropped. Returns the slot handled (0 once per interval: the interval's other work).
   */
  tick(sockets: Iterable<Pingable>): number {
    const slot = this.turn
    this.turn = (this.turn + 1) % this.slices
    for (const s of sockets) {
      if (s.pingSlot !== slot) continue
      if (!s.alive) {
        s.terminate()
        continue
      }
      s.alive = false
      s.ping()
    }
    return slot
  }
}
