/**
 * Group commit: the updates every board applied in one turn of the event loop are appended to
 * storage in one transaction at the turn's end, and only then relayed [G13]. A SQLite commit
 * (its locks and its WAL write) costs about as much as the rows it carries, so a turn that
 * applied several updates pays it once; a turn that applied one pays it as before.
 *
 * Nothing is relayed before it is stored: a board's relays wait in its queue until the
 * transaction that holds its rows returned. Whatever would show a board's document to
 * anyone (a sync answer, an HTTP read, a snapshot, a reload) flushes first. When the shared
 * transaction fails, each board's rows are tried alone, so a board whose rows cannot be
 * stored fails alone (it goes read-only and closes its connections, relaying nothing).
 */
import { performance } from 'node:perf_hooks'
import type { Logger } from 'pino'
import type { ServerMetrics } from '../metrics'
import type { AppendRow, BoardStorage, PeopleRecord } from '../storage/types'

/** A board with updates waiting for the turn's commit. */
export interface PendingBoard {
  readonly boardId: string
  /** The updates to store, in the order they were applied. */
  takeRows(): Uint8Array[]
  /** Records of who writes [F14.7], [F14.8], stored in the same transaction as the rows. */
  takeRecords(): PeopleRecord[]
  /** They are stored under `seqs`: relay them. */
  committed(seqs: number[], rows: Uint8Array[]): void
  /** Storing them failed: relay nothing. */
  commitFailed(err: unknown): void
}

/** When a turn's commit runs: at the end of the turn, or (tests) at once. */
export type CommitTiming = 'turn' | 'immediate'

export class GroupCommit {
  private readonly waiting = new Set<PendingBoard>()
  private scheduled = false
  private flushing = false

  constructor(
    private readonly storage: BoardStorage,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
    private readonly timing: CommitTiming = 'turn',
  ) {}

  /** A board applied an update: commit it with the turn's others. */
  add(board: PendingBoard): void {
    this.waiting.add(board)
    if (this.timing === 'immediate') {
      this.flush()
      return
    }
    if (this.scheduled) return
    this.scheduled = true
    // setImmediate runs after the poll phase that read this turn's messages, so every
    // message read in one go shares the commit.
    setImmediate(this.onTurnEnd)
  }

  /** `board` leaves memory with its document replaced (an eviction): store nothing of it. */
  forget(board: PendingBoard): void {
    this.waiting.delete(board)
  }

  private readonly onTurnEnd = () => {
    this.scheduled = false
    this.flush()
  }

  /** Store every waiting board's updates now, then relay them. Never throws. */
  flush(): void {
    if (this.flushing || this.waiting.size === 0) return
    this.flushing = true
    try {
      while (this.waiting.size > 0) this.commitWaiting()
    } finally {
      this.flushing = false
    }
  }

  /** One transaction: the rows, with the records of who writes when there are some. */
  private store(rows: AppendRow[], records: PeopleRecord[]): number[] {
    return records.length > 0
      ? this.storage.appendTurn(rows, records)
      : this.storage.appendUpdates(rows)
  }

  private commitWaiting(): void {
    const boards = [...this.waiting]
    this.waiting.clear()
    const parts = boards.map((b) => b.takeRows())
    const notes = boards.map((b) => b.takeRecords())
    const rows: AppendRow[] = []
    boards.forEach((b, i) => {
      for (const data of parts[i]!) rows.push({ boardId: b.boardId, data })
    })
    const records = notes.flat()
    if (rows.length === 0 && records.length === 0) return
    const t0 = performance.now()
    let seqs: number[] | null = null
    try {
      seqs = this.store(rows, records)
    } catch (e) {
      if (boards.length === 1) {
        boards[0]!.commitFailed(e)
        return
      }
      this.log.warn({ boards: boards.length, err: (e as Error)?.message }, 'group commit failed')
    }
    if (seqs) {
      this.metrics.writeSeconds.observe((performance.now() - t0) / 1000)
      let at = 0
      boards.forEach((b, i) => {
        const mine = parts[i]!
        b.committed(seqs!.slice(at, at + mine.length), mine)
        at += mine.length
      })
      return
    }
    // One board's rows per transaction: a failing board fails alone.
    boards.forEach((b, i) => {
      const mine = parts[i]!
      let own: number[]
      try {
        own = this.store(
          mine.map((data) => ({ boardId: b.boardId, data })),
          notes[i]!,
        )
      } catch (e) {
        b.commitFailed(e)
        return
      }
      b.committed(own, mine)
    })
  }
}
