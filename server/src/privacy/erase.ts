/**
 * Erasing from a board [F13]: the document's new epoch is planned by the shared format
 * (`erasedEpoch`), stored in one transaction that drops every earlier row, and the files are
 * scrubbed. A board in memory is then taken out of memory with its connections closed as
 * stale (4410): each device carries its own changes over to the new epoch and deletes its old
 * copy, and the erased entries stay out (F13.6, F13.7).
 *
 * Everything between reading the document and closing its connections runs in one turn of the
 * event loop, so no write slips in between.
 */

import { performance } from 'node:perf_hooks'
import {
  CLOSE,
  copiesOf,
  type ErasureCounts,
  type ErasureSelector,
  erasedEpoch,
} from '@sensemaking/shared'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { ServerMetrics } from '../metrics'
import { computeStats } from '../rooms/boardStats'
import { applyStored } from '../rooms/loadDoc'
import { historyErasure } from '../rooms/noteHistory'
import type { Rooms } from '../rooms/Rooms'
import type { BoardStorage } from '../storage/types'

/** Who asked: it goes to the log and the metrics, never who was erased. */
export type ErasureBy = 'facilitator' | 'admin' | 'author' | 'retention' | 'command-line'

export interface ErasureDeps {
  storage: BoardStorage
  log: Logger
  now: () => number
  metrics?: ServerMetrics
}

export interface ErasureOptions {
  by: ErasureBy
  /** Lock the board in its new epoch (a session whose retention ran out). */
  lock?: boolean
}

interface DocOptions extends ErasureOptions {
  /** Erase in the document itself: the caller drops it afterwards. */
  consume?: boolean
}

/** What an erasure did: the new epoch, or nothing when it named nothing the board holds. */
export type ErasureResult =
  | { erased: true; epoch: number; counts: ErasureCounts; notes: string[] }
  | { erased: false; counts: ErasureCounts }

const NONE: ErasureCounts = { notes: 0, themes: 0, dots: 0 }

/** The board holds content the format does not know: it cannot be copied, so not erased. */
export class ErasureRefused extends Error {
  constructor(readonly reason: 'uncopyable' | 'degraded') {
    super(
      reason === 'uncopyable'
        ? 'The board holds content this server does not know and cannot be erased safely'
        : 'The board cannot be written to storage right now',
    )
  }
}

/**
 * Plan, store and scrub an erasure of `doc` (which holds every stored row up to `lastSeq`).
 * Synchronous: the caller keeps anyone else from writing the board meanwhile.
 */
export function eraseDoc(
  deps: ErasureDeps,
  boardId: string,
  doc: Y.Doc,
  lastSeq: number,
  selector: ErasureSelector,
  o: DocOptions,
): ErasureResult {
  const t0 = performance.now()
  // Read before the plan, which may consume the document.
  const history = historyErasure(doc, selector, deps.storage.readHistorySpans(boardId))
  const plan = erasedEpoch(doc, selector, { now: deps.now, lock: o.lock, consume: o.consume })
  if ('nothing' in plan) {
    // A person with nothing left on the board may still have changed others' notes.
    if ('people' in history && history.people.length > 0)
      deps.storage.eraseHistory(boardId, { notes: [], people: history.people })
    return { erased: false, counts: NONE }
  }
  if ('uncopyable' in plan) throw new ErasureRefused('uncopyable')
  const t1 = performance.now()
  // The history first: should the new epoch fail to be stored, the words are gone from the
  // history anyway, never kept there after the board lost them. The new epoch retires every
  // client id, so their owners go too [F14.7].
  deps.storage.eraseHistory(boardId, history)
  deps.storage.dropClientOwners(boardId)
  const epoch = deps.storage.erase(boardId, {
    fresh: plan.fresh,
    stateVector: plan.stateVector,
    base: plan.base,
    retired: plan.retired,
    upToSeq: lastSeq,
  })
  deps.storage.writeStats(boardId, statsAfter(doc, plan.fresh, o, deps.now()))
  const t2 = performance.now()
  // Also what makes the erasure durable: the checkpoint syncs the database file.
  scrubSoon(deps)
  if (deps.metrics) deps.metrics.erasures++
  const t3 = performance.now()
  const ms = {
    ms: Math.round(t3 - t0),
    planMs: Math.round(t1 - t0),
    storeMs: Math.round(t2 - t1),
    scrubMs: Math.round(t3 - t2),
  }
  // Counts only: never the words, the names, or whose notes they were.
  deps.log.info({ boardId, epoch, by: o.by, ...plan.counts, ...ms }, 'board erased: a new epoch')
  return { erased: true, epoch, counts: plan.counts, notes: plan.notes }
}

/**
 * The board's figures in its new epoch: read from the erased document itself when it was
 * consumed (it reads as the new epoch but for the lock), else from the fresh copy.
 */
function statsAfter(doc: Y.Doc, fresh: Uint8Array, o: DocOptions, now: number) {
  if (o.consume && doc.gc) {
    const stats = computeStats(doc, now)
    if (o.lock && stats.state) stats.state = { ...stats.state, locked: true }
    return stats
  }
  const copy = new Y.Doc()
  try {
    Y.applyUpdate(copy, fresh)
    return computeStats(copy, now)
  } finally {
    copy.destroy()
  }
}

/** Scrub the files now, and again shortly while a reader keeps the old pages. */
function scrubSoon(deps: ErasureDeps, attempt = 0): void {
  let done = false
  try {
    done = deps.storage.scrub()
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, 'scrubbing storage after an erasure failed')
  }
  if (done) return
  if (attempt >= 60) {
    deps.log.warn('storage still holds old pages after an erasure: a reader keeps them open')
    return
  }
  setTimeout(() => scrubSoon(deps, attempt + 1), 1000).unref()
}

/**
 * Erase from a board of a running server: its room is loaded (or found), erased, and taken out
 * of memory with every connection closed as stale, so the next join reads the new epoch.
 */
export async function eraseLive(
  deps: ErasureDeps & { rooms: Rooms },
  boardId: string,
  selector: ErasureSelector,
  o: ErasureOptions,
): Promise<ErasureResult> {
  let room = await deps.rooms.acquire(boardId)
  // Another erasure (or an unload) may have taken the room out of memory while this one
  // waited: its document is gone, and storage holds the board as it now is.
  for (let i = 0; room.closed && i < 3; i++) room = await deps.rooms.acquire(boardId)
  if (room.closed) throw new Error(`board ${boardId} kept leaving memory`)
  // From here to the eviction, one turn of the event loop: no write comes in between. The
  // writes this turn applied are stored first, so the document holds exactly the rows up to
  // lastSeq and none of them is appended after the new epoch [G13].
  deps.rooms.flushCommits()
  if (room.degraded) throw new ErasureRefused('degraded')
  let result: ErasureResult
  try {
    // The room's own document is erased (copying a large board's history would cost more than
    // the rest): the room leaves memory either way.
    result = eraseDoc(deps, boardId, room.doc, room.log.lastSeq, selector, {
      ...o,
      consume: true,
    })
  } catch (e) {
    // The document may have lost entries that storage still holds: read it again from storage;
    // its devices reconnect and sync as before.
    deps.rooms.evict(room, CLOSE.storageUnavailable)
    throw e
  }
  if (result.erased) deps.rooms.evict(room, CLOSE.rebased)
  return result
}

/** Erase from a board straight in storage, with no server running (the command line). */
export function eraseStored(
  deps: ErasureDeps,
  boardId: string,
  selector: ErasureSelector,
  o: ErasureOptions,
): ErasureResult {
  const loaded = deps.storage.loadBoard(boardId)
  const doc = new Y.Doc()
  try {
    applyStored(doc, loaded)
    return eraseDoc(deps, boardId, doc, loaded.lastSeq, selector, { ...o, consume: true })
  } finally {
    doc.destroy()
  }
}

/** One board's erasure, and how many copies on other boards of its session went with it. */
export type ErasureWithCopies = ErasureResult & { copies: number }

/**
 * Erase on a board, then the copies of its erased notes on the other boards of its session,
 * and their copies in turn [F13.10]. `eraseOne` erases on one board; `read` lends a board's
 * document to look for copies (never kept).
 */
export async function eraseWithCopies(
  storage: BoardStorage,
  boardId: string,
  selector: ErasureSelector,
  eraseOne: (boardId: string, selector: ErasureSelector) => Promise<ErasureResult> | ErasureResult,
  read: <T>(boardId: string, f: (doc: Y.Doc) => T) => Promise<T> | T,
): Promise<ErasureWithCopies> {
  const first = await eraseOne(boardId, selector)
  let copies = 0
  const board = storage.getBoard(boardId)
  if (!first.erased || !board) return { ...first, copies }
  const others = storage.listBoards(board.sessionId).filter((b) => b.id !== boardId)
  const queue: { from: string; ids: string[] }[] = [{ from: boardId, ids: first.notes }]
  // Each erasure takes its notes away, so a copy is found (and erased) once: the queue ends.
  while (queue.length > 0) {
    const { from, ids } = queue.shift()!
    for (const other of [board, ...others]) {
      if (other.id === from) continue
      const found = await read(other.id, (doc) => copiesOf(doc, from, ids))
      if (found.length === 0) continue
      const r = await eraseOne(other.id, { notes: found })
      if (!r.erased) continue
      copies += r.counts.notes
      queue.push({ from: other.id, ids: r.notes })
    }
  }
  return { ...first, copies }
}
