/**
 * One board in memory: its Y.Doc, its presence (awareness), and its connections. Knows
 * connections only as `{ send, close, terminate }`, so it runs without a network in tests.
 *
 * The document lives in a BoardDoc (built from storage on first use), the log on storage in a
 * BoardLog, the write path in a RoomWriter (check → apply → append to storage → relay).
 * Every message is charged to the budgets of its connection, its board and the server first
 * [G6]; a connection over one is closed with a retryable code.
 */
import { performance } from 'node:perf_hooks'
import {
  CLOSE,
  type CloseSpec,
  mergePeople,
  type PeopleMerged,
  type PolicyState,
  personOnBoard,
} from '@sensemaking/shared'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { Limits } from '../config'
import type { RejectReason, ServerMetrics } from '../metrics'
import { encodeAwareness, encodeUpdate } from '../protocol/messages'
import type { BoardStats, BoardStorage } from '../storage/types'
import { BoardDoc } from './boardDoc'
import { BoardLog } from './boardLog'
import { SharedBudgets } from './budgets'
import { ClientOwners, personKey } from './clientIds'
import { type Access, type Connection, Peer } from './connection'
import { isStaleStateVector } from './epochs'
import { MalformedMessage, OutOfSyncUpdate } from './errors'
import type { GroupCommit } from './groupCommit'
import { dispatch, type MessageTarget } from './handlers'
import { intakeRefusal, workRefusal } from './intake'
import { NoteHistory } from './noteHistory'
import { Outlet } from './outlet'
import { Presence } from './presence'
import { PresenceOutbox, presenceTickLoaded, presenceTickMs } from './presenceOut'
import { RoomWriter, type ServerShared, type WriteHost } from './roomWriter'
import { Seats } from './seats'
import { captureServerChange } from './serverWrite'
import { type TurnHost, TurnWrites } from './turnWrites'

export interface RoomDeps {
  storage: BoardStorage
  limits: Limits
  log: Logger
  metrics: ServerMetrics
  now: () => number
  /** What the rooms of a server share: its budgets and held bytes. */
  server: ServerShared
  /** The log passed the compaction threshold. */
  requestCompaction(room: Room): void
  /** The last connection left. */
  onEmpty(room: Room): void
  /** The board could not be read again after a failed write: take it out of memory. */
  onBroken(room: Room): void
  /** The server's group commit: a turn's updates stored in one transaction, then relayed. */
  commits: GroupCommit
}

export { SERVER_ORIGIN } from './serverWrite'

export class Room implements MessageTarget, WriteHost, TurnHost {
  readonly presence: Presence
  readonly peers = new Set<Peer>()
  /** Who changed each note's text [F14.8], stored with the turn's rows. */
  readonly history: NoteHistory
  /** The connections were read against the board's record of merged people [F14.9]. */
  private mergedRead = false
  /** Whose each document client id is [F14.7], a person's stored with the turn's rows. */
  private readonly clientOwners: ClientOwners
  /** Unloaded: a connection that raced the unload must acquire the board again. */
  closed = false
  /** The board's log on storage. */
  readonly log: BoardLog
  /** What the board's connections may spend together [G6]. */
  readonly budgets: SharedBudgets
  private readonly seats: Seats
  private board!: BoardDoc
  private readonly writer: RoomWriter
  private readonly outbox: PresenceOutbox
  /** Clients of the board's retired epochs [F10.3]: a replica naming one is stale. */
  retired: ReadonlySet<number> = new Set()
  /** Applied updates of this turn, waiting for the group commit [G13]. */
  private readonly turn: TurnWrites
  private readonly outlet: Outlet

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new Presence(deps.limits)
    this.log = new BoardLog(boardId, deps)
    this.budgets = SharedBudgets.board(deps.limits, deps.now())
    this.seats = new Seats(deps.limits)
    this.writer = new RoomWriter(this, deps)
    this.turn = new TurnWrites(this, deps.commits)
    const turn = this.turn
    this.history = new NoteHistory(boardId, {
      spans: () => deps.storage.readHistorySpans(boardId),
      save: (r) => turn.record(r),
    })
    this.clientOwners = new ClientOwners({
      load: () => deps.storage.readClientOwners(boardId),
      claimed: (client, owner) => turn.record({ kind: 'owner', boardId, client, owner }),
      rekeyed: (from, to) => turn.record({ kind: 'rekey', boardId, from, to }),
    })
    this.outlet = new Outlet(
      this.peers,
      deps,
      () => this.board.encodedSize,
      (p) => this.terminate(p),
    )
    this.outbox = new PresenceOutbox(
      this.presence,
      () => this.presenceTickMs,
      deps.now,
      (d, skip) => this.outlet.broadcastSkipping(d, skip),
      () => presenceTickLoaded(this.deps.limits, this.peers.size, this.deps.server.connections),
    )
  }

  /**
   * Read a board from storage: a snapshot alone is built into a document on first use, a log
   * is applied in slices before the room takes connections [G12].
   */
  static async open(boardId: string, deps: RoomDeps): Promise<Room> {
    const room = new Room(boardId, deps)
    const loaded = deps.storage.loadBoard(boardId)
    room.log.loaded(loaded)
    room.board = await BoardDoc.open(boardId, loaded, deps)
    const retired = deps.storage.retiredClients(boardId)
    if (retired.length > 0) room.retired = new Set(retired)
    if (room.needsCompaction()) deps.requestCompaction(room)
    return room
  }

  /** The board's document, built from storage on first use. */
  get doc(): Y.Doc {
    const doc = this.board.doc
    if (!this.mergedRead) {
      this.mergedRead = true
      for (const peer of this.peers) this.asMerged(peer, doc)
    }
    return doc
  }

  /**
   * A connection whose person a facilitator merged into another is that person here [F14.9]:
   * it writes, owns client ids and shows its presence as them.
   */
  private asMerged(peer: Peer, doc: Y.Doc): void {
    const p = peer.access.person
    if (!p?.signed) return
    const id = personOnBoard(doc, p.id)
    if (id === p.id) return
    p.id = id
    peer.ids.becomes(id)
  }

  /** True once the document is built. */
  get materialized(): boolean {
    return this.board.materialized
  }

  /** The board's lock and vote state. */
  get policy(): PolicyState {
    return this.board.policy
  }

  /** Rows skipped when the document was built. */
  get corruptOnLoad(): number {
    return this.board.corruptOnLoad
  }

  get degraded(): boolean {
    return this.log.degraded
  }

  /**
   * Add a connection: it gets the server's state vector and everyone's presence. Returns null
   * (and closes the connection) when the board has no seat for it [G8] or its storage fails.
   */
  join(conn: Connection, access: Access): Peer | null {
    if (this.closed) throw new Error('room is closed')
    const now = this.deps.now()
    if (!this.log.recover(now, () => this.compactNow())) {
      this.deps.metrics.reject('storage-unavailable')
      conn.close(CLOSE.storageUnavailable.code, CLOSE.storageUnavailable.reason)
      return null
    }
    const noSeat = this.seats.problem(access)
    if (noSeat) {
      this.deps.metrics.reject('board-full')
      this.deps.log.info({ boardId: this.boardId, role: access.role, noSeat }, 'no seat')
      conn.close(CLOSE.boardFull.code, CLOSE.boardFull.reason)
      return null
    }
    const peer = new Peer(conn, access, this.deps.limits, now, this.clientOwners)
    // Read once the document is built: a board that is one snapshot is not built to join.
    if (this.board.materialized) this.asMerged(peer, this.doc)
    this.peers.add(peer)
    this.seats.take(access)
    this.send(peer, this.board.syncStep1())
    this.sendPresence(peer)
    return peer
  }

  /** How long the board's presence changes are coalesced now, in ms (presenceOut.ts). */
  get presenceTickMs(): number {
    return presenceTickMs(this.deps.limits, this.peers.size, this.deps.server.connections)
  }

  /** A connection closed (or was closed): forget it, its presence and its held updates. */
  leave(peer: Peer): void {
    peer.closed = true
    if (!this.peers.delete(peer)) return
    this.seats.free(peer.access)
    if (this.presence.removeOwner(peer.ids, this.deps.now()) > 0) this.outbox.schedule()
    peer.ids.leave()
    this.writer.dropPeer(peer)
    if (this.peers.size === 0) this.deps.onEmpty(this)
  }

  /** Close one connection with a code from the table. */
  close(peer: Peer, spec: CloseSpec): void {
    if (peer.closed) return
    peer.closed = true
    try {
      peer.conn.close(spec.code, spec.reason)
    } finally {
      this.leave(peer)
    }
  }

  /** Drop a connection at once: it cannot take more bytes [G6]. */
  private terminate(peer: Peer): void {
    if (peer.closed) return
    peer.closed = true
    this.deps.metrics.reject('overloaded')
    try {
      peer.conn.terminate()
    } finally {
      this.leave(peer)
    }
  }

  /** Close every connection (shutdown, storage failure). */
  closeAll(spec: CloseSpec): void {
    for (const p of [...this.peers]) this.close(p, spec)
  }

  /** Close the connections whose access matches (a rotated link); returns how many. */
  revoke(match: (a: Access) => boolean): number {
    let n = 0
    for (const p of [...this.peers]) {
      if (match(p.access)) {
        this.close(p, CLOSE.revoked)
        n++
      }
    }
    return n
  }

  /** One message from a connection. Never throws: bad input closes that connection only. */
  receive(peer: Peer, data: Uint8Array): void {
    if (peer.closed) return
    const m = this.deps.metrics
    m.messagesIn++
    m.bytesIn += data.length
    const refused = intakeRefusal(
      peer,
      data.length,
      this.budgets,
      this.deps.server.budgets,
      this.deps.limits,
      this.deps.now(),
    )
    if (refused?.tooLarge) {
      m.reject('too-large')
      this.close(peer, CLOSE.tooLarge)
      return
    }
    if (refused) {
      this.throttle(peer, refused.reason)
      return
    }
    try {
      dispatch(this, peer, data)
    } catch (e) {
      this.closeMalformed(peer, e)
    }
  }

  private throttle(peer: Peer, reason: RejectReason): void {
    this.deps.metrics.reject(reason)
    this.close(peer, CLOSE.rateLimited)
  }

  /** False (and the connection closed) when its, its board's or the server's work is spent. */
  private workOpen(peer: Peer): boolean {
    const spent = workRefusal(peer, this.budgets, this.deps.server.budgets, this.deps.now())
    if (spent) this.throttle(peer, spent)
    return spent === null
  }

  private closeMalformed(peer: Peer, e: unknown): void {
    const reason = e instanceof MalformedMessage ? e.reason : 'malformed'
    this.deps.metrics.reject(reason as RejectReason)
    this.deps.log.warn(
      { boardId: this.boardId, reason, err: (e as Error).message },
      'closing a connection after a malformed message',
    )
    this.close(peer, e instanceof OutOfSyncUpdate ? CLOSE.outOfSync : CLOSE.malformed)
  }

  /** Sync step 1 from a client: answer with what it lacks. */
  replySyncStep2(peer: Peer, stateVector: Uint8Array): void {
    if (!this.workOpen(peer)) return
    if (isStaleStateVector(this.retired, stateVector)) {
      this.closeStale(peer)
      return
    }
    // The answer shows the document: what it holds must be on disk first [G13].
    this.commitNow()
    const t0 = performance.now()
    const answer = this.board.syncStep2(stateVector)
    this.writer.charge(peer, performance.now() - t0)
    this.send(peer, answer)
  }

  /** A document update from a connection (sync step 2 or update). */
  write(peer: Peer, update: Uint8Array): void {
    if (this.writer.refusedUnread(peer, update) || !this.workOpen(peer)) return
    this.writer.write(peer, update)
  }

  /** A replica of an earlier epoch [F10.3]: never merged; the client carries its changes over. */
  private closeStale(peer: Peer): void {
    this.deps.metrics.reject('stale-epoch')
    this.deps.log.info({ boardId: this.boardId }, 'closing a replica of an earlier epoch')
    this.close(peer, CLOSE.rebased)
  }

  /**
   * [G10] Read the document again from storage after an exception inside a write left it in
   * doubt. Storage holds everything anyone was sent, so every other replica agrees with it.
   */
  rebuild(): void {
    // The updates applied before the failing one are good: store (and relay) them first.
    this.commitNow()
    let loaded: ReturnType<BoardStorage['loadBoard']>
    try {
      loaded = this.deps.storage.loadBoard(this.boardId)
    } catch (e) {
      this.deps.log.error(
        { boardId: this.boardId, err: (e as Error)?.message },
        'the board could not be read again: taking it out of memory',
      )
      this.closeAll(CLOSE.loadFailed)
      this.deps.onBroken(this)
      return
    }
    this.board.destroy()
    this.board = new BoardDoc(this.boardId, loaded, this.deps)
  }

  /**
   * A change made by the server itself (session-wide controls): applied, stored, then sent to
   * every connection. Returns false when the board's storage is failing (nothing is changed).
   */
  writeAsServer(change: (doc: Y.Doc, origin: object) => void): boolean {
    if (this.log.degraded) return false
    const update = captureServerChange(this.doc, change)
    if (!update) return true
    this.commit(update, null)
    this.commitNow()
    return !this.log.degraded
  }

  /**
   * Merge person `from` into `into` on this board [F14.9]: the document changes as the server's
   * write (notes, dots, the record), then the connections of `from` write as `into` and the
   * client ids `from` owned are `into`'s, so either device goes on editing. Returns null when
   * the board's storage is failing (nothing changed). Throws the BoardError of `mergePeople`.
   */
  mergePeople(from: string, into: string): PeopleMerged | null {
    if (this.log.degraded) return null
    let merged: PeopleMerged | null = null
    const update = captureServerChange(this.doc, (doc, origin) => {
      const done = mergePeople(doc, from, into, { origin })
      // Stored in the transaction of the merge's own update [G13].
      this.clientOwners.rekey(personKey(from), personKey(done.into))
      merged = done
    })
    if (update) this.commit(update, null)
    this.commitNow()
    // Set inside the change above (the compiler does not follow it there).
    const done = merged as PeopleMerged | null
    if (this.log.degraded || !done) return null
    for (const peer of this.peers) this.asMerged(peer, this.doc)
    return done
  }

  /**
   * Store `update` (applied to the document) with the turn's other writes, then relay it to
   * every connection but `except` (null: to every one) [G13].
   */
  commit(update: Uint8Array, except: Peer | null): void {
    this.turn.add(update, except)
  }

  /** Store (and relay) this turn's writes now, if any wait. */
  commitNow(): void {
    this.turn.commitNow()
  }

  appended(seqs: number[], rows: Uint8Array[]): void {
    this.log.appended(seqs, rows)
    if (!this.closed && this.log.needsCompaction()) this.deps.requestCompaction(this)
  }

  relay(update: Uint8Array, except: Peer | null): void {
    this.broadcast(encodeUpdate(update), except ?? undefined)
  }

  together(f: () => void): void {
    const corked = [...this.peers]
    for (const p of corked) p.conn.cork?.()
    try {
      f()
    } finally {
      for (const p of corked) p.conn.uncork?.()
    }
  }

  /**
   * Storing failed: the board stops taking writes, its clients are closed, nothing relayed.
   * Fenced (several nodes: another node owns the board now), the room leaves memory and its
   * clients reconnect to the board's owner.
   */
  storeFailed(err: unknown): void {
    this.log.failed(err)
    if (this.log.fenced) {
      this.closeAll(CLOSE.boardMoved)
      this.deps.onBroken(this)
    } else this.closeAll(CLOSE.storageUnavailable)
  }

  needsCompaction(): boolean {
    return this.log.needsCompaction()
  }

  /** Snapshot the document and store the board's figures. Throws when storage fails. */
  compactNow(): void {
    this.commitNow()
    this.log.compact(this.doc)
    this.deps.storage.writeStats(this.boardId, this.currentStats())
  }

  /**
   * Start a new epoch when the board is large and mostly history [F10]: only with no
   * connection (every replica becomes stale) and only on the way out of memory, as the room is
   * destroyed right after. True when it rebased. Throws when storage fails.
   */
  rebaseIfWorthIt(): boolean {
    this.commitNow()
    if (this.peers.size > 0 || !this.materialized || this.degraded) return false
    if (!this.log.rebase(this.doc)) return false
    this.deps.storage.writeStats(this.boardId, this.currentStats())
    return true
  }

  /** The board's figures (cached until the next change). */
  currentStats(): BoardStats {
    return this.board.figures()
  }

  /** An awareness update from a connection; changes go out with the next tick [G9]. */
  applyAwareness(peer: Peer, update: Uint8Array): void {
    const now = this.deps.now()
    const b = peer.budgets
    const person = peer.access.person
    const r = this.presence.apply(
      update,
      peer.ids,
      now,
      (bytes) => b.presenceChanges.take(1, now) && b.presenceBytes.take(bytes, now),
      // Who a state says it is comes from the server [P2.4].
      person ? { person, role: peer.access.role } : undefined,
    )
    const m = this.deps.metrics
    if (r.dropped > 0) m.reject('awareness-cap', r.dropped)
    if (r.throttled > 0) m.reject('presence-budget', r.throttled)
    if (r.foreign > 0) m.reject('presence-foreign', r.foreign)
    if (r.changed > 0) this.outbox.schedule()
  }

  /** Send a connection every live presence state. */
  sendPresence(peer: Peer): void {
    const all = this.presence.encodeAll()
    if (all) this.send(peer, encodeAwareness(all))
  }

  /** Send the coalesced presence changes now (tests and shutdown). */
  flushPresence(): void {
    this.outbox.flush()
  }

  /** Periodic work: drop outdated presence, keep quiet connections alive, drop stale held updates. */
  maintain(now: number): void {
    if (this.presence.sweep(now) > 0) this.outbox.schedule()
    this.writer.expire(now)
    this.outlet.keepAlive(now)
  }

  private send(peer: Peer, data: Uint8Array): void {
    this.outlet.send(peer, data)
  }

  /** Send to every connection but `except`. */
  broadcast(data: Uint8Array, except?: Peer): void {
    this.outlet.broadcast(data, except)
  }

  /** Leave memory: stop timers and free the document. Connections must be gone. */
  destroy(): void {
    // Whoever takes a room out of memory commits its writes first (unload, stop) or means
    // storage's copy to win (an eviction after an erasure): nothing of it is stored after this.
    this.turn.forget()
    this.closed = true
    this.outbox.stop()
    this.board.destroy()
  }
}
