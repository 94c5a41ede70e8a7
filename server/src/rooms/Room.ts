/**
 * One board in memory: its Y.Doc, its presence (awareness), and its connections. Knows
 * connections only as `{ send, close }`, so it runs without a network in tests.
 *
 * The document lives in a BoardDoc (built from storage on first use), the log on storage in a
 * BoardLog.
 *
 * Order of a write: check → apply → append to storage → relay. Nothing reaches another
 * connection before it is on disk; a failed append stops the board's writes.
 */
import type { PolicyState } from '@sensemaking/shared'
import { CLOSE, type CloseSpec } from '@sensemaking/shared'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { encodeAwareness, encodeUpdate } from '../protocol/messages'
import type { BoardStats, BoardStorage } from '../storage/types'
import { BoardDoc } from './boardDoc'
import { BoardLog } from './boardLog'
import { type Access, type Connection, Peer } from './connection'
import { isStaleStateVector, planRebase } from './epochs'
import { MalformedMessage, MissingDependencies, OutOfSyncUpdate, StaleReplica } from './errors'
import { dispatch } from './handlers'
import { Presence } from './presence'
import { applyWrite, type WriteOutcome } from './writes'

export interface RoomDeps {
  storage: BoardStorage
  limits: Limits
  log: Logger
  metrics: ServerMetrics
  now: () => number
  /** The log passed the compaction threshold. */
  requestCompaction(room: Room): void
  /** The last connection left. */
  onEmpty(room: Room): void
}

/** Transaction origin of the server's own writes. */
export const SERVER_ORIGIN = { name: 'server' }
const KEEPALIVE = encodeAwareness(Uint8Array.of(0))
/** The empty update [0, 0] a fresh client sends: nothing to apply. */
const isEmptyUpdate = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0

export class Room {
  readonly presence: Presence
  readonly peers = new Set<Peer>()
  /** Unloaded: a connection that raced the unload must acquire the board again. */
  closed = false
  /** The board's log on storage. */
  readonly log: BoardLog
  private board!: BoardDoc
  private presenceTimer: NodeJS.Timeout | null = null
  /** When presence last went out (deps.now() time). */
  private presenceSentAt = Number.NEGATIVE_INFINITY
  private retryingHeld = false
  /** Clients of the board's retired epochs [F10.3]: a replica naming one is stale. */
  private retired: ReadonlySet<number> = new Set()

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new Presence(deps.limits)
    this.log = new BoardLog(boardId, deps)
  }

  /** Read a board from storage; its document is built on first use. */
  static load(boardId: string, deps: RoomDeps): Room {
    const room = new Room(boardId, deps)
    const loaded = deps.storage.loadBoard(boardId)
    room.log.loaded(loaded)
    room.board = new BoardDoc(boardId, loaded, deps)
    const retired = deps.storage.retiredClients(boardId)
    if (retired.length > 0) room.retired = new Set(retired)
    if (room.needsCompaction()) deps.requestCompaction(room)
    return room
  }

  /** The board's document, built from storage on first use. */
  get doc(): Y.Doc {
    return this.board.doc
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
   * (and closes the connection) when the board is full or its storage is failing.
   */
  join(conn: Connection, access: Access): Peer | null {
    if (this.closed) throw new Error('room is closed')
    const now = this.deps.now()
    if (!this.log.recover(now, () => this.compactNow())) {
      this.deps.metrics.reject('storage-unavailable')
      conn.close(CLOSE.storageUnavailable.code, CLOSE.storageUnavailable.reason)
      return null
    }
    if (this.peers.size >= this.deps.limits.maxConnectionsPerBoard) {
      this.deps.metrics.reject('board-full')
      conn.close(CLOSE.boardFull.code, CLOSE.boardFull.reason)
      return null
    }
    const peer = new Peer(conn, access, this.deps.limits, now)
    this.peers.add(peer)
    this.send(peer, this.board.syncStep1())
    this.sendPresence(peer)
    return peer
  }

  /** A connection closed (or was closed): forget it and its presence. */
  leave(peer: Peer): void {
    peer.closed = true
    if (!this.peers.delete(peer)) return
    if (this.presence.removeOwner(peer) > 0) this.schedulePresence()
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
    const now = this.deps.now()
    const l = this.deps.limits
    if (!peer.messages.take(1, now) || !peer.bytes.take(Math.min(data.length, l.byteBurst), now)) {
      m.reject('rate-limited')
      this.close(peer, CLOSE.rateLimited)
      return
    }
    try {
      dispatch(this, peer, data)
    } catch (e) {
      this.closeMalformed(peer, e)
    }
  }

  private closeMalformed(peer: Peer, e: unknown): void {
    const reason = e instanceof MalformedMessage ? e.reason : 'malformed'
    this.deps.metrics.reject(reason as 'malformed')
    this.deps.log.warn(
      { boardId: this.boardId, reason, err: (e as Error).message },
      'closing a connection after a malformed message',
    )
    this.close(peer, e instanceof OutOfSyncUpdate ? CLOSE.outOfSync : CLOSE.malformed)
  }

  /** Sync step 1 from a client: answer with what it lacks. */
  replySyncStep2(peer: Peer, stateVector: Uint8Array): void {
    if (isStaleStateVector(this.retired, stateVector)) {
      this.closeStale(peer)
      return
    }
    this.send(peer, this.board.syncStep2(stateVector))
  }

  /** A document update from a connection (sync step 2 or update). */
  write(peer: Peer, update: Uint8Array): void {
    if (isEmptyUpdate(update)) return
    if (this.log.degraded) {
      this.deps.metrics.reject('storage-unavailable')
      this.close(peer, CLOSE.storageUnavailable)
      return
    }
    let out: WriteOutcome
    try {
      // Checked on every write, not only at sync step 1: a client may sync before loading its
      // stored copy (an empty state vector), then send that copy's structs as updates.
      out = applyWrite(
        this.doc,
        peer.access.role,
        this.policy,
        peer,
        update,
        this.retired,
        peer.access.person ?? null,
      )
    } catch (e) {
      if (e instanceof StaleReplica) {
        this.closeStale(peer)
        return
      }
      if (!(e instanceof MissingDependencies)) throw e
      this.hold(peer, update, e.message)
      return
    }
    if (out.kind === 'noop') return
    if (!this.persist(out.update)) return
    const msg = encodeUpdate(out.update)
    if (out.kind === 'applied') {
      this.broadcast(msg, peer)
    } else {
      this.deps.metrics.reject('forbidden')
      this.deps.log.debug(
        { boardId: this.boardId, role: peer.access.role, denied: out.denied.length },
        'reverted a refused change',
      )
      this.broadcast(msg)
    }
    if (out.malformed) throw out.malformed
    // What Yjs could not integrate yet waits like any update with missing dependencies.
    if (out.held) this.hold(peer, out.held, 'left pending')
    this.retryHeld()
  }

  /** A replica of an earlier epoch [F10.3]: never merged; the client carries its changes over. */
  private closeStale(peer: Peer): void {
    this.deps.metrics.reject('stale-epoch')
    this.deps.log.info({ boardId: this.boardId }, 'closing a replica of an earlier epoch')
    this.close(peer, CLOSE.rebased)
  }

  /**
   * Hold an update whose dependencies have not arrived. A y-websocket client that edits the
   * moment its socket reopens sends the edit before its catch-up sync step 2, which carries
   * what the edit builds on; Yjs itself would keep such an update pending. Held updates are
   * stored and relayed only once they apply; a connection that holds too many bytes, or for
   * too long, is closed with a retryable code so its reconnect resyncs from scratch.
   */
  private hold(peer: Peer, update: Uint8Array, why: string): void {
    if (peer.held.length === 0) peer.heldSince = this.deps.now()
    // A copy: the update may be a view into the socket's read buffer.
    peer.held.push(update.slice())
    peer.heldBytes += update.length
    this.deps.log.debug({ boardId: this.boardId, why, held: peer.held.length }, 'holding an update')
    if (peer.heldBytes > this.deps.limits.maxHeldBytes) this.closeOutOfSync(peer)
  }

  private closeOutOfSync(peer: Peer): void {
    this.deps.metrics.reject('missing-deps')
    this.deps.log.warn(
      { boardId: this.boardId, held: peer.held.length, bytes: peer.heldBytes },
      'closing a connection whose held updates never became applicable',
    )
    this.close(peer, CLOSE.outOfSync)
  }

  /** After a write, try every connection's held updates again, until none makes progress. */
  private retryHeld(): void {
    if (this.retryingHeld) return
    this.retryingHeld = true
    try {
      for (let progress = true; progress; ) {
        progress = false
        for (const p of this.peers) {
          if (p.closed || p.held.length === 0) continue
          const { held, heldSince } = p
          p.held = []
          p.heldBytes = 0
          try {
            this.write(p, held.length === 1 ? held[0]! : Y.mergeUpdates(held))
          } catch (e) {
            this.closeMalformed(p, e)
            continue
          }
          if (p.held.length === 0) progress = true
          else p.heldSince = heldSince
        }
      }
    } finally {
      this.retryingHeld = false
    }
  }

  /**
   * A change made by the server itself (session-wide controls): applied, stored, then sent to
   * every connection. Returns false when the board's storage is failing (nothing is changed).
   */
  writeAsServer(change: (doc: Y.Doc, origin: object) => void): boolean {
    if (this.log.degraded) return false
    const updates: Uint8Array[] = []
    const onUpdate = (u: Uint8Array, origin: unknown) => {
      if (origin === SERVER_ORIGIN) updates.push(u)
    }
    this.doc.on('update', onUpdate)
    try {
      change(this.doc, SERVER_ORIGIN)
    } finally {
      this.doc.off('update', onUpdate)
    }
    if (updates.length === 0) return true
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
    if (!this.persist(update)) return false
    this.broadcast(encodeUpdate(update))
    return true
  }

  /** Append to storage; on failure the board stops taking writes and its clients are closed. */
  private persist(update: Uint8Array): boolean {
    if (!this.log.append(update)) {
      this.closeAll(CLOSE.storageUnavailable)
      return false
    }
    if (this.log.needsCompaction()) this.deps.requestCompaction(this)
    return true
  }

  needsCompaction(): boolean {
    return this.log.needsCompaction()
  }

  /** Snapshot the document and store the board's figures. Throws when storage fails. */
  compactNow(): void {
    this.log.compact(this.doc)
    this.deps.storage.writeStats(this.boardId, this.currentStats())
  }

  /**
   * Start a new epoch when the board is large and mostly history [F10]: only with no
   * connection (every replica becomes stale) and only on the way out of memory, as the room is
   * destroyed right after. True when it rebased. Throws when storage fails.
   */
  rebaseIfWorthIt(): boolean {
    if (this.peers.size > 0 || !this.materialized || this.degraded) return false
    const plan = planRebase(this.doc, this.deps.limits)
    if (plan.kind === 'skip') {
      if (plan.why === 'unknown-content') {
        this.deps.log.warn({ boardId: this.boardId }, 'not rebased: unknown content in the board')
      }
      return false
    }
    const epoch = this.deps.storage.rebase(this.boardId, {
      ...plan.write,
      upToSeq: this.log.lastSeq,
    })
    this.deps.metrics.rebases++
    this.deps.log.info(
      { boardId: this.boardId, epoch, before: plan.bytesBefore, after: plan.write.fresh.length },
      'board rebased: history dropped',
    )
    this.deps.storage.writeStats(this.boardId, this.currentStats())
    return true
  }

  /** The board's figures (cached until the next change). */
  currentStats(): BoardStats {
    return this.board.figures()
  }

  /** An awareness update from a connection; changes go out with the next tick. */
  applyAwareness(peer: Peer, update: Uint8Array): void {
    const person = peer.access.person
    const who = person ? { person, role: peer.access.role } : undefined
    const r = this.presence.apply(update, peer, this.deps.now(), who)
    if (r.dropped > 0) this.deps.metrics.reject('awareness-cap', r.dropped)
    if (r.changed > 0) this.schedulePresence()
  }

  /** Send a connection every live presence state. */
  sendPresence(peer: Peer): void {
    const all = this.presence.encodeAll()
    if (all) this.send(peer, encodeAwareness(all))
  }

  /**
   * Presence goes out at most once per tick, leading edge first: a change after a quiet tick is
   * sent at once (a small room's cursors never wait on a timer), and changes within the tick
   * after a send are coalesced into one message at its end (a plenary's many cursors).
   */
  private schedulePresence() {
    if (this.presenceTimer) return
    const tick = this.deps.limits.awarenessTickMs
    const since = this.deps.now() - this.presenceSentAt
    if (tick <= 0 || since >= tick) {
      this.flushPresence()
      return
    }
    this.presenceTimer = setTimeout(() => this.flushPresence(), tick - since)
  }

  /** Send the coalesced presence changes to every connection, the senders' own included. */
  flushPresence(): void {
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.presenceTimer = null
    const changes = this.presence.takeDirty()
    if (!changes) return
    this.presenceSentAt = this.deps.now()
    this.broadcast(encodeAwareness(changes))
  }

  /** Periodic work: drop outdated presence, keep quiet connections alive, drop stale held updates. */
  maintain(now: number): void {
    if (this.presence.sweep(now) > 0) this.schedulePresence()
    for (const p of [...this.peers]) {
      if (p.held.length > 0 && now - p.heldSince >= this.deps.limits.heldTimeoutMs) {
        this.closeOutOfSync(p)
        continue
      }
      if (now - p.lastSentAt >= this.deps.limits.keepaliveMs) this.send(p, KEEPALIVE)
    }
  }

  private send(peer: Peer, data: Uint8Array): void {
    if (peer.closed) return
    if (peer.conn.bufferedAmount() > this.deps.limits.maxBufferedBytes) {
      this.close(peer, CLOSE.overloaded)
      return
    }
    peer.conn.send(data)
    peer.lastSentAt = this.deps.now()
    this.deps.metrics.messagesOut++
    this.deps.metrics.bytesOut += data.length
  }

  /** Send to every connection but `except`. */
  broadcast(data: Uint8Array, except?: Peer): void {
    for (const p of this.peers) if (p !== except) this.send(p, data)
  }

  /** Leave memory: stop timers and free the document. Connections must be gone. */
  destroy(): void {
    this.closed = true
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.presenceTimer = null
    this.board.destroy()
  }
}
