/**
 * Retention by session: a session's boards are kept for a period (the server's default,
 * `RETENTION_DAYS`, fixed on the session when it is made), then erased whole [F13.4] and
 * locked. Facilitators are warned on the dashboard `warnDays` before, with the harvest at hand.
 * The clock is injected, so tests move time instead of waiting for it.
 */
import type { Logger } from 'pino'
import type { ServerMetrics } from '../metrics'
import type { Rooms } from '../rooms/Rooms'
import type { BoardStorage, SessionRecord } from '../storage/types'
import { eraseLive } from './erase'

export const DAY_MS = 24 * 60 * 60 * 1000

/** The server's retention settings. */
export interface RetentionPolicy {
  /** Days a new session's boards are kept (RETENTION_DAYS). */
  days: number
  /** Days before the end the dashboard warns (RETENTION_WARN_DAYS). */
  warnDays: number
  /** How often the server looks for sessions whose time is up. */
  checkEveryMs: number
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  days: 30,
  warnDays: 7,
  checkEveryMs: 60 * 60 * 1000,
}

export { MAX_RETENTION_DAYS } from '@sensemaking/shared'

/** A session's retention as the dashboard and the join page show it. */
export interface RetentionView {
  /** Whole days from the session's creation to its end. */
  days: number
  /** When its boards are erased (ms). */
  expiresAt: number
  /** From when the dashboard warns (ms). */
  warnFrom: number
  /** When they were erased, or null. */
  erasedAt: number | null
}

/** When a session's boards are erased: its own expiry, else the default period after creation. */
export function expiryOf(s: SessionRecord, p: Pick<RetentionPolicy, 'days'>): number {
  return s.expiresAt ?? s.createdAt + p.days * DAY_MS
}

export function retentionOf(
  s: SessionRecord,
  p: Pick<RetentionPolicy, 'days' | 'warnDays'>,
): RetentionView {
  const expiresAt = expiryOf(s, p)
  return {
    days: Math.max(0, Math.round((expiresAt - s.createdAt) / DAY_MS)),
    expiresAt,
    warnFrom: expiresAt - p.warnDays * DAY_MS,
    erasedAt: s.erasedAt ?? null,
  }
}

/** A session that will be (or is due to be) erased. */
export interface Expiring {
  session: SessionRecord
  expiresAt: number
  boards: number
}

/**
 * Sessions not yet erased whose end falls before `now + withinMs` (those already due first),
 * soonest first: what the admin command lists and what the sweep erases (with 0).
 */
export function expiringSessions(
  storage: BoardStorage,
  p: Pick<RetentionPolicy, 'days'>,
  now: number,
  withinMs: number,
): Expiring[] {
  return storage
    .listSessions()
    .filter((s) => (s.erasedAt ?? null) === null)
    .map((s) => ({ session: s, expiresAt: expiryOf(s, p), boards: 0 }))
    .filter((e) => e.expiresAt <= now + withinMs)
    .map((e) => ({ ...e, boards: storage.listBoards(e.session.id).length }))
    .sort((a, b) => a.expiresAt - b.expiresAt || (a.session.id < b.session.id ? -1 : 1))
}

export interface RetentionDeps {
  storage: BoardStorage
  rooms: Rooms
  log: Logger
  metrics: ServerMetrics
  now: () => number
  policy: RetentionPolicy
}

/** Erases the boards of sessions whose retention ran out, now and every `checkEveryMs`. */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<number> | null = null
  private stopped = false

  constructor(private readonly d: RetentionDeps) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.sweep(), this.d.policy.checkEveryMs)
    this.timer.unref()
    void this.sweep()
  }

  /** No further sweeps; one under way ends after its current session. */
  stop(): Promise<unknown> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    return this.running ?? Promise.resolve()
  }

  /** Erase every session now due; one sweep at a time. Resolves with how many were erased. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async sweepOnce(): Promise<number> {
    let erased = 0
    for (const e of expiringSessions(this.d.storage, this.d.policy, this.d.now(), 0)) {
      if (this.stopped) break
      try {
        for (const b of this.d.storage.listBoards(e.session.id)) {
          await eraseLive(this.d, b.id, { all: true }, { by: 'retention', lock: true })
        }
        this.d.storage.markSessionErased(e.session.id, this.d.now())
        erased++
        this.d.log.info({ sessionId: e.session.id, boards: e.boards }, 'retention ran out: erased')
      } catch (err) {
        // Tried again at the next sweep; the boards already erased stay erased.
        this.d.log.error(
          { sessionId: e.session.id, err: (err as Error).message },
          'retention erasure failed',
        )
      }
    }
    return erased
  }
}
