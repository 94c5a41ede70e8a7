/**
 * Budgets per connection, per board and per server [G6]: token buckets of bytes, messages,
 * structs, notes, milliseconds of work (applying writes, answering syncs) and presence changes.
 * A message is taken only when every budget it draws on has room; work is charged after it
 * is done (its cost is known only then) and may leave a budget in debt, which refuses the
 * next message until the debt is repaid.
 */
import type { Role } from '@sensemaking/shared'

/** A token bucket of `capacity`, refilled at `perSecond`; `charge` may leave it in debt. */
export class Budget {
  private tokens: number
  private last: number

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity
    this.last = now
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.last) * this.perSecond) / 1000,
      )
      this.last = now
    }
  }

  /** Take `n` if there are that many; false (and nothing taken) when there are not. */
  take(n: number, now: number): boolean {
    this.refill(now)
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }

  /** True when the budget is not in debt. */
  open(now: number): boolean {
    this.refill(now)
    return this.tokens > 0
  }

  /** Charge `n` whatever is left (work already done). */
  charge(n: number, now: number): void {
    this.refill(now)
    this.tokens -= n
  }

  /** What is left (negative in debt), for tests and diagnostics. */
  left(now: number): number {
    this.refill(now)
    return this.tokens
  }
}

/** The limits that size the budgets (part of Limits). */
export interface BudgetLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
  boardBytesPerSecond: number
  serverBytesPerSecond: number
  /** Milliseconds of work (applying writes, answering syncs) per second and their burst. */
  workMsPerSecond: number
  workMsBurst: number
  boardWorkMsPerSecond: number
  serverWorkMsPerSecond: number
  participantStructsPerMinute: number
  participantNotesPerMinute: number
  presenceChangesPerSecond: number
  presenceBytesPerSecond: number
}

/** One connection's budgets. */
export class ConnectionBudgets {
  readonly messages: Budget
  readonly bytes: Budget
  readonly work: Budget
  /** Structs and notes per minute: participants only (a facilitator may import a board). */
  readonly structs: Budget | null
  readonly notes: Budget | null
  readonly presenceChanges: Budget
  readonly presenceBytes: Budget

  constructor(l: BudgetLimits, role: Role, now: number) {
    this.messages = new Budget(l.messageBurst, l.messagesPerSecond, now)
    this.bytes = new Budget(l.byteBurst, l.bytesPerSecond, now)
    this.work = new Budget(l.workMsBurst, l.workMsPerSecond, now)
    const perMinute = (n: number) => new Budget(n, n / 60, now)
    this.structs = role === 'participant' ? perMinute(l.participantStructsPerMinute) : null
    this.notes = role === 'participant' ? perMinute(l.participantNotesPerMinute) : null
    this.presenceChanges = new Budget(
      l.presenceChangesPerSecond * 2,
      l.presenceChangesPerSecond,
      now,
    )
    this.presenceBytes = new Budget(l.presenceBytesPerSecond * 2, l.presenceBytesPerSecond, now)
  }
}

/** The budgets a board or the whole server shares among its connections. */
export class SharedBudgets {
  readonly bytes: Budget
  readonly work: Budget

  constructor(bytesPerSecond: number, workMsPerSecond: number, now: number) {
    this.bytes = new Budget(bytesPerSecond * 2, bytesPerSecond, now)
    this.work = new Budget(workMsPerSecond * 2, workMsPerSecond, now)
  }

  static board(l: BudgetLimits, now: number): SharedBudgets {
    return new SharedBudgets(l.boardBytesPerSecond, l.boardWorkMsPerSecond, now)
  }

  static server(l: BudgetLimits, now: number): SharedBudgets {
    return new SharedBudgets(l.serverBytesPerSecond, l.serverWorkMsPerSecond, now)
  }
}
