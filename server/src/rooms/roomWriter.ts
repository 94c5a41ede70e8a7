/**
 * A room's write path: check → apply → append to storage → relay [G1]. The update is read
 * (guard/scan.ts) and decided on (guard/check.ts) before anything touches the document, so a
 * refused one costs its reading alone; one that builds on what the board lacks is held with its
 * reading until that arrives (held.ts); the work of an applied one is charged to the budgets
 * of its connection, its board and the server. Nothing reaches another connection before it
 * is on disk: the room stores a turn's updates in one transaction, then relays them [G13]; an
 * exception inside a write reloads the board from storage [G10].
 */
import { performance } from 'node:perf_hooks'
import {
  CLOSE,
  type CloseSpec,
  clientState,
  type PolicyState,
  REFUSAL,
  type Role,
  refusalOfEveryChange,
} from '@sensemaking/shared'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { Limits } from '../config'
import { type CheckContext, checkUpdate, type Verdict, type WriteCaps } from '../guard/check'
import { type ScannedUpdate, scanUpdate, TooManyStructs } from '../guard/scan'
import type { RejectReason, ServerMetrics } from '../metrics'
import type { SharedBudgets } from './budgets'
import type { Peer } from './connection'
import { type HeldUpdate, HeldUpdates, heldWeight } from './held'
import { type NoteHistory, notesTouched } from './noteHistory'
import { ApplyFailed, applyChecked } from './writes'

/** What the write path needs of its room. */
export interface WriteHost {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly policy: PolicyState
  readonly retired: ReadonlySet<number>
  readonly peers: ReadonlySet<Peer>
  readonly degraded: boolean
  readonly budgets: SharedBudgets
  /** Who changed each note's text [F14.8]. */
  readonly history: NoteHistory
  /**
   * Store an applied update with the turn's other writes, then relay it to every connection
   * but `except` (null: every one) [G13]; when storing fails, nothing is relayed.
   */
  commit(update: Uint8Array, except: Peer | null): void
  close(peer: Peer, spec: CloseSpec): void
  /** Reload the document from storage (after an exception inside a write). */
  rebuild(): void
}

export interface WriterDeps {
  limits: Limits
  log: Logger
  metrics: ServerMetrics
  now: () => number
  server: ServerShared
}

/** What every room of a server shares: budgets and the bytes held server-wide. */
export interface ServerShared {
  budgets: SharedBudgets
  heldBytes: number
  /** Open connections over all boards, as of the last maintenance (presence ticks). */
  connections: number
}

/** The empty update [0, 0] a fresh client sends: nothing to apply. */
const isEmptyUpdate = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0

export function writeCaps(l: Limits, role: Role): WriteCaps {
  return role === 'facilitator'
    ? {
        maxStructs: l.facilitatorMaxStructs,
        maxNotes: l.facilitatorMaxNotes,
        maxTextUnits: l.maxTextUnits,
        maxValueBytes: l.facilitatorMaxValueBytes,
      }
    : {
        maxStructs: l.participantMaxStructs,
        maxNotes: l.participantMaxNotes,
        maxTextUnits: l.maxTextUnits,
        maxValueBytes: l.participantMaxValueBytes,
      }
}

export class RoomWriter {
  readonly held = new HeldUpdates<Peer>()
  private retrying = false

  constructor(
    private readonly room: WriteHost,
    private readonly deps: WriterDeps,
  ) {}

  /**
   * [G1] True when `peer`'s update is done with before it is read: it holds nothing (the empty
   * update a fresh client sends), or the policy refuses every change of its writer whatever it
   * holds (an observer's [F12.2]): never applied, stored, held or relayed, and not charged. The
   * connection stays: an observer's device may hold what the server lost (a power cut).
   */
  refusedUnread(peer: Peer, update: Uint8Array): boolean {
    if (isEmptyUpdate(update)) return true
    const refusal = refusalOfEveryChange({ role: peer.access.role, person: null })
    if (!refusal) return false
    this.reject(refusal.code === REFUSAL.observer ? 'observer-write' : 'forbidden')
    return true
  }

  /** A document update from a connection (sync step 2 or update) not refused unread. */
  write(peer: Peer, update: Uint8Array): void {
    const role = peer.access.role
    if (this.room.degraded) {
      this.deps.metrics.reject('storage-unavailable')
      this.room.close(peer, CLOSE.storageUnavailable)
      return
    }
    const caps = writeCaps(this.deps.limits, role)
    let scan: ScannedUpdate
    try {
      scan = scanUpdate(update, { maxStructs: caps.maxStructs })
    } catch (e) {
      if (!(e instanceof TooManyStructs)) throw e
      this.refuse(peer, 'struct-cap', e.message)
      return
    }
    this.decide(peer, update, scan, caps)
  }

  private context(peer: Peer, caps: WriteCaps): CheckContext {
    return {
      doc: this.room.doc,
      caps,
      owner: peer.ids,
      retired: this.room.retired,
      maxConcurrentInserts: this.deps.limits.maxConcurrentInserts,
    }
  }

  private decide(peer: Peer, update: Uint8Array, scan: ScannedUpdate, caps: WriteCaps): void {
    const verdict: Verdict = checkUpdate(scan, this.context(peer, caps))
    switch (verdict.kind) {
      case 'noop':
        return
      case 'stale':
        this.deps.metrics.reject('stale-epoch')
        this.deps.log.info({ boardId: this.room.boardId }, 'closing a replica of an earlier epoch')
        this.room.close(peer, CLOSE.rebased)
        return
      case 'refuse':
        this.refuse(peer, verdict.reason, verdict.detail)
        return
      case 'hold':
        this.hold(peer, update, scan, verdict.waits, verdict.detail)
        return
      case 'apply':
        this.apply(peer, update, scan, verdict.clients, verdict.notes)
    }
  }

  private reject(reason: RejectReason): void {
    this.deps.metrics.reject(reason)
  }

  /** [G2]–[G5] Never applied; the connection cannot take it back, so it is closed for good. */
  private refuse(peer: Peer, reason: RejectReason, detail: string): void {
    this.reject(reason)
    this.deps.log.warn(
      { boardId: this.room.boardId, role: peer.access.role, reason, detail },
      'refused a change',
    )
    this.room.close(peer, CLOSE.refused)
  }

  private apply(
    peer: Peer,
    update: Uint8Array,
    scan: ScannedUpdate,
    clients: number[],
    notes: number,
  ): void {
    const now = this.deps.now()
    const b = peer.budgets
    // [G4] Participants' structs and notes per minute: a retryable close, nothing applied.
    if (
      (b.structs && !b.structs.take(scan.structs, now)) ||
      (b.notes && notes > 0 && !b.notes.take(notes, now))
    ) {
      this.throttle(peer, 'rate-limited')
      return
    }
    const room = this.room
    const t0 = performance.now()
    let out: ReturnType<typeof applyChecked>
    room.history.prepare(room.doc)
    const touched = new Set<string>()
    const watch = (tr: Y.Transaction) => notesTouched(room.doc, tr, touched)
    room.doc.on('afterTransaction', watch)
    try {
      out = applyChecked(
        room.doc,
        peer.access.role,
        room.policy,
        peer,
        update,
        peer.access.person ?? null,
      )
    } catch (e) {
      this.failed(peer, e)
      return
    } finally {
      room.doc.off('afterTransaction', watch)
      this.charge(peer, performance.now() - t0)
    }
    peer.ids.wrote(clients)
    if (touched.size > 0) this.recordHistory(peer, touched, now)
    if (out.kind === 'noop') return
    if (out.kind === 'applied') {
      room.commit(out.update, peer)
    } else {
      this.reject('forbidden')
      this.deps.log.debug(
        { boardId: room.boardId, role: peer.access.role, denied: out.denied.length },
        'reverted a refused change',
      )
      // The net effect goes to every connection, the writer's too, so every replica converges.
      room.commit(out.update, null)
    }
    this.retryHeld(clients)
  }

  /** [F14.8] The notes whose text this write left changed, under the person the server knows. */
  private recordHistory(peer: Peer, touched: Set<string>, now: number): void {
    const p = peer.access.person
    const who = {
      personId: p?.id ?? '',
      name: p?.name ?? '',
      city: p?.city ?? '',
      role: peer.access.role,
    }
    this.room.history.record(this.room.doc, touched, who, now)
  }

  /**
   * [G10] An exception inside a write: the document may be half-changed, so it is read again
   * from storage (which holds everything anyone was sent). The writer is closed with a
   * retryable code when the fault was the server's, with 4400 when Yjs could not take the
   * update, with 4509 when Yjs left part of it pending (a resync sends it whole).
   */
  private failed(peer: Peer, e: unknown): void {
    const inYjs = e instanceof ApplyFailed
    this.reject(inYjs ? 'apply-failed' : 'internal')
    this.deps.log.error(
      { boardId: this.room.boardId, err: (e as Error)?.message, inYjs },
      'a write failed: reloading the board from storage',
    )
    this.room.rebuild()
    const spec = !inYjs ? CLOSE.internalError : e.pending ? CLOSE.outOfSync : CLOSE.malformed
    this.room.close(peer, spec)
  }

  /** Charge the milliseconds a connection's write or sync answer took [G6]. */
  charge(peer: Peer, ms: number): void {
    const now = this.deps.now()
    peer.budgets.work.charge(ms, now)
    this.room.budgets.work.charge(ms, now)
    this.deps.server.budgets.work.charge(ms, now)
  }

  private throttle(peer: Peer, reason: RejectReason): void {
    this.reject(reason)
    this.room.close(peer, CLOSE.rateLimited)
  }

  /**
   * Hold an update for what it builds on [G7], counted against the connection's, the board's
   * and the server's held bytes; past any of them the connection is closed with a retryable
   * code so its reconnect resyncs from scratch.
   */
  private hold(
    peer: Peer,
    update: Uint8Array,
    scan: ScannedUpdate,
    waits: Map<number, number>,
    why: string,
  ): void {
    const weight = heldWeight(update, scan)
    const l = this.deps.limits
    if (
      peer.heldBytes + weight > l.maxHeldBytes ||
      this.held.bytes + weight > l.boardMaxHeldBytes ||
      this.deps.server.heldBytes + weight > l.serverMaxHeldBytes
    ) {
      this.closeOutOfSync(peer)
      return
    }
    if (peer.held.size === 0) peer.heldSince = this.deps.now()
    const h: HeldUpdate<Peer> = {
      peer,
      // A copy: the update may be a view into the socket's read buffer.
      update: update.slice(),
      scan,
      waits,
      indexedUnder: -1,
      weight,
      seq: 0,
    }
    this.held.add(h, this.stateOf)
    this.deps.server.heldBytes += weight
    this.deps.log.debug(
      { boardId: this.room.boardId, why, held: peer.held.size },
      'holding an update',
    )
  }

  private readonly stateOf = (client: number) => clientState(this.room.doc, client)

  /** Forget a connection's held updates (it left). */
  dropPeer(peer: Peer): void {
    this.deps.server.heldBytes -= this.held.dropPeer(peer)
  }

  closeOutOfSync(peer: Peer): void {
    this.reject('missing-deps')
    this.deps.log.warn(
      { boardId: this.room.boardId, held: peer.held.size, bytes: peer.heldBytes },
      'closing a connection whose held updates never became applicable',
    )
    this.room.close(peer, CLOSE.outOfSync)
  }

  /** Retry the held updates waiting on the clients a write advanced (and on what they advance). */
  private retryHeld(advanced: number[]): void {
    if (this.retrying || advanced.length === 0) return
    this.retrying = true
    try {
      let clients: Iterable<number> = advanced
      for (let round = 0; round < 1000; round++) {
        const ready = this.held.takeReady(clients, this.stateOf)
        if (ready.length === 0) break
        const next = new Set<number>()
        for (const h of ready) {
          this.deps.server.heldBytes -= h.weight
          if (h.peer.closed) continue
          const states = h.scan.blocks.map((b) => this.stateOf(b.client))
          try {
            this.decide(h.peer, h.update, h.scan, writeCaps(this.deps.limits, h.peer.access.role))
          } catch (e) {
            this.room.close(h.peer, CLOSE.malformed)
            this.deps.log.warn(
              { boardId: this.room.boardId, err: (e as Error)?.message },
              'held update failed',
            )
            continue
          }
          h.scan.blocks.forEach((b, i) => {
            if (this.stateOf(b.client) > states[i]!) next.add(b.client)
          })
        }
        clients = next
      }
    } finally {
      this.retrying = false
    }
  }

  /** Close connections whose held updates waited past `heldTimeoutMs`. */
  expire(now: number): void {
    for (const p of [...this.room.peers]) {
      if (p.held.size > 0 && now - p.heldSince >= this.deps.limits.heldTimeoutMs) {
        this.closeOutOfSync(p)
      }
    }
  }
}
