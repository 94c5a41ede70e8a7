/**
 * The session dashboard's live view, kept cheap [SE4]: a session's version is a string of its
 * boards' versions (in memory: the last stored update's sequence number and the people
 * connected; out of memory: idle, since an idle board cannot change), so telling whether
 * anything changed reads a few numbers and builds no document. A dashboard's request that
 * already holds the current version waits here until it changes (checked on one shared tick
 * while anyone waits), or until its wait runs out.
 */
import { createHash } from 'node:crypto'
import type { Rooms } from '../rooms/Rooms'
import type { BoardRecord } from '../storage/types'

/** How often waiting requests look for a change: a new note shows within this and a round trip. */
export const LIVE_TICK_MS = 200
/** Requests waiting at once over the server; beyond it a request is answered at once. */
export const MAX_LIVE_WAITERS = 1000

export interface LiveWatchOptions {
  rooms: Rooms
  tickMs?: number
  maxWaiters?: number
}

interface Waiter {
  /** What is watched (a session's id): waiters of one key share each tick's reading. */
  key: string
  version: () => string
  since: string
  resolve: (changed: boolean) => void
  timer: NodeJS.Timeout
}

export class LiveWatch {
  private readonly waiters = new Set<Waiter>()
  private ticker: NodeJS.Timeout | null = null

  private readonly tickMs: number
  private readonly maxWaiters: number

  constructor(private readonly o: LiveWatchOptions) {
    this.tickMs = o.tickMs ?? LIVE_TICK_MS
    this.maxWaiters = o.maxWaiters ?? MAX_LIVE_WAITERS
  }

  /** How many requests wait now. */
  get waiting(): number {
    return this.waiters.size
  }

  /** A session's version: what its boards are, and how far each has come. */
  version(boards: readonly BoardRecord[]): string {
    let v = ''
    for (const b of boards) {
      const room = this.o.rooms.get(b.id)
      v += room ? `${b.id}:${room.log.lastSeq}/${room.peers.size};` : `${b.id}:idle;`
    }
    return v
  }

  /** The version as an HTTP entity tag. */
  etag(version: string): string {
    return `"${createHash('sha1').update(version).digest('base64url').slice(0, 22)}"`
  }

  /**
   * Wait until `version()` differs from `since` (true), or `ms` passed or `signal` aborted
   * (false). False at once when too many requests wait already.
   */
  wait(
    key: string,
    version: () => string,
    since: string,
    ms: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (this.waiters.size >= this.maxWaiters || signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const w: Waiter = {
        key,
        version,
        since,
        resolve: (changed) => {
          clearTimeout(w.timer)
          this.waiters.delete(w)
          signal.removeEventListener('abort', onAbort)
          if (this.waiters.size === 0) this.stopTicking()
          resolve(changed)
        },
        timer: setTimeout(() => w.resolve(false), ms),
      }
      const onAbort = () => w.resolve(false)
      signal.addEventListener('abort', onAbort)
      this.waiters.add(w)
      this.startTicking()
    })
  }

  /** Answer every waiting request (the server is stopping). */
  close(): void {
    for (const w of [...this.waiters]) w.resolve(false)
  }

  private startTicking() {
    if (this.ticker) return
    this.ticker = setInterval(() => this.tick(), this.tickMs)
    this.ticker.unref()
  }

  private stopTicking() {
    if (this.ticker) clearInterval(this.ticker)
    this.ticker = null
  }

  private tick() {
    // Dashboards of one session share the work: each version is read once per tick.
    const seen = new Map<string, string>()
    for (const w of [...this.waiters]) {
      let v = seen.get(w.key)
      if (v === undefined) {
        v = w.version()
        seen.set(w.key, v)
      }
      if (v !== w.since) w.resolve(true)
    }
  }
}
