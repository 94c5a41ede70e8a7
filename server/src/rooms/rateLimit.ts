/** A token bucket: `capacity` tokens, refilled at `perSecond`; a message takes some. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity
    this.last = now
  }

  /** Take `n` tokens at time `now` (ms); false when there are not enough. */
  take(n: number, now: number): boolean {
    if (now > this.last) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.last) * this.perSecond) / 1000,
      )
      this.last = now
    }
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}
