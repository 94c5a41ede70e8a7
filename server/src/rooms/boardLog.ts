/**
 * A board's update log on storage, as a room sees it: what was appended (the server's group
 * commit stores the rows, groupCommit.ts), when to compact, and the degraded state after a failed write, with its recovery: storing the whole
 * document again, which also covers the update whose append failed.
 */
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { FencedWrite } from '../storage/errors'
import type { BoardStorage, LoadedBoard } from '../storage/types'
import { planRebase } from './epochs'

export interface BoardLogDeps {
  storage: BoardStorage
  limits: Limits
  log: Logger
  metrics: ServerMetrics
  now: () => number
}

export class BoardLog {
  /** Highest stored sequence number. */
  lastSeq = 0
  /** Rows and bytes since the last snapshot. */
  rows = 0
  bytes = 0
  /** Set when a write failed: the board takes no writes until storage recovers. */
  degradedSince: number | null = null
  /** Several nodes: a write was refused by the fence, another node owns the board now. */
  fenced = false

  constructor(
    private readonly boardId: string,
    private readonly deps: BoardLogDeps,
  ) {}

  /** Take the counters of what was just loaded. */
  loaded(l: LoadedBoard): void {
    this.lastSeq = l.lastSeq
    this.rows = l.updates.length
    this.bytes = l.logBytes
  }

  get degraded(): boolean {
    return this.degradedSince !== null
  }

  /** Rows of this board were stored (by the server's group commit) under `seqs`. */
  appended(seqs: readonly number[], rows: readonly Uint8Array[]): void {
    for (const r of rows) this.bytes += r.length
    this.rows += rows.length
    const last = seqs[seqs.length - 1]
    if (last !== undefined) this.lastSeq = last
  }

  /**
   * Storing this board's rows failed: it takes no writes until storage recovers, or (fenced)
   * ever here: another node owns the board now.
   */
  failed(err: unknown): void {
    this.degradedSince = this.deps.now()
    if (err instanceof FencedWrite) {
      this.fenced = true
      this.deps.log.warn({ boardId: this.boardId }, 'write fenced: the board moved to another node')
      return
    }
    this.deps.metrics.storageFailures++
    this.deps.log.error(
      { boardId: this.boardId, err: (err as Error)?.message },
      'storage write failed: the board takes no writes until storage recovers',
    )
  }

  needsCompaction(): boolean {
    const l = this.deps.limits
    return this.rows > l.compactAfterRows || this.bytes > l.compactAfterBytes
  }

  /**
   * Store a snapshot of `doc` (with its state vector) and delete the rows it covers. The
   * caller guarantees `doc` holds exactly the rows up to `lastSeq`. Throws when storage fails.
   */
  compact(doc: Y.Doc): void {
    const snapshot = Y.encodeStateAsUpdate(doc)
    this.deps.storage.compact(this.boardId, snapshot, this.lastSeq, Y.encodeStateVector(doc))
    this.rows = 0
    this.bytes = 0
    this.deps.metrics.compactions++
  }

  /**
   * Start a new epoch of the board from `doc` when it is large and mostly history [F10]. The
   * caller guarantees `doc` holds exactly the rows up to `lastSeq` and that no replica is
   * connected. True when it rebased. Throws when storage fails.
   */
  rebase(doc: Y.Doc): boolean {
    const plan = planRebase(doc, this.deps.limits)
    if (plan.kind === 'skip') {
      if (plan.why === 'unknown-content') {
        this.deps.log.warn({ boardId: this.boardId }, 'not rebased: unknown content in the board')
      }
      return false
    }
    const epoch = this.deps.storage.rebase(this.boardId, { ...plan.write, upToSeq: this.lastSeq })
    // Every client id of the old epoch is retired: nobody writes under them again [F14.7].
    this.deps.storage.dropClientOwners(this.boardId)
    this.deps.metrics.rebases++
    this.deps.log.info(
      { boardId: this.boardId, epoch, before: plan.bytesBefore, after: plan.write.fresh.length },
      'board rebased: history dropped',
    )
    return true
  }

  /**
   * A degraded board tries again once `storageRetryMs` passed: `store` writes the whole
   * document. True when the board is healthy.
   */
  recover(now: number, store: () => void): boolean {
    if (this.degradedSince === null) return true
    if (now - this.degradedSince < this.deps.limits.storageRetryMs) return false
    try {
      store()
      this.degradedSince = null
      this.deps.log.info({ boardId: this.boardId }, 'storage recovered')
      return true
    } catch (e) {
      this.deps.metrics.storageFailures++
      this.degradedSince = now
      this.deps.log.error(
        { boardId: this.boardId, err: (e as Error)?.message },
        'storage still failing',
      )
      return false
    }
  }
}
