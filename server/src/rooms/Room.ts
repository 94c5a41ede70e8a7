/**
 * One board in memory: its Y.Doc, its presence (awareness), and its connections. Knows
 * connections only as `{ send, close }`, so it runs without a network in tests.
 *
 * Cold open: when storage holds the board as one snapshot (with its state vector), a client
 * is sent the stored state vector and a fresh client's first sync is answered with the stored
 * bytes as they are; the Y.Doc is built only when something needs it (a write, a figure, a
 * harvest). The whole-state encoding is cached until the next change, so 200 people joining a
 * plenary cost one encoding, not 200.
 *
 * Order of a write: check → apply → append to storage → relay. Nothing reaches another
 * connection before it is on disk; a failed append stops the board's writes.
 */
import { boardMap, readMeta, readVote } from '@sensemaking/shared'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { CLOSE, type CloseSpec } from '../protocol/closeCodes'
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep1Vector,
  encodeSyncStep2,
  encodeSyncStep2Update,
  encodeUpdate,
} from '../protocol/messages'
import type { BoardStats, BoardStorage, LoadedBoard } from '../storage/types'
import { computeStats } from './boardStats'
import { type Access, type Connection, Peer } from './connection'
import { MalformedMessage } from './errors'
import { dispatch } from './handlers'
import { applyStored } from './loadDoc'
import type { PolicyState } from './permissions'
import { Presence } from './presence'
import { applyWrite } from './writes'

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
/** A fresh client's state vector: no clients. */
const isEmptyStateVector = (sv: Uint8Array) => sv.length === 1 && sv[0] === 0
/** The empty update [0, 0] a fresh client sends: nothing to apply. */
const isEmptyUpdate = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0

export class Room {
  readonly presence: Presence
  readonly peers = new Set<Peer>()
  /** The board's lock and vote state, refreshed whenever the board map changes. */
  policy: PolicyState = { locked: false, voteOpen: false }
  /** Set when a write to storage failed: the board takes no writes until it recovers. */
  degradedSince: number | null = null
  /** Unloaded: a connection that raced the unload must acquire the board again. */
  closed = false
  /** Highest stored sequence number, and the log since the last snapshot. */
  lastSeq = 0
  logRows = 0
  logBytes = 0
  /** Rows skipped on load. */
  corruptOnLoad = 0
  private stats: BoardStats | null = null
  private presenceTimer: NodeJS.Timeout | null = null
  private built: Y.Doc | null = null
  /** What the document is built from, until it is. */
  private stored: LoadedBoard | null = null
  /** The whole state, encoded; valid until the next change. */
  private fullState: Uint8Array | null = null
  /** The stored state's state vector, until the document is built. */
  private storedVector: Uint8Array | null = null

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new Presence(deps.limits)
  }

  /** Read a board from storage; its document is built on first use. */
  static load(boardId: string, deps: RoomDeps): Room {
    const room = new Room(boardId, deps)
    const loaded = deps.storage.loadBoard(boardId)
    room.stored = loaded
    room.lastSeq = loaded.lastSeq
    room.logRows = loaded.updates.length
    room.logBytes = loaded.logBytes
    const parts = loaded.updates.length + (loaded.snapshot ? 1 : 0)
    if (parts === 1 && loaded.corrupt === 0) {
      const data = loaded.snapshot?.data ?? loaded.updates[0]!.data
      room.fullState = data
      room.storedVector = loaded.snapshot?.stateVector ?? Y.encodeStateVectorFromUpdate(data)
    } else {
      room.materialize()
    }
    if (room.needsCompaction()) deps.requestCompaction(room)
    return room
  }

  /** The board's document, built from storage on first use. */
  get doc(): Y.Doc {
    return this.built ?? this.materialize()
  }

  /** True once the document is built. */
  get materialized(): boolean {
    return this.built !== null
  }

  /** Build the document; corrupt rows are skipped, logged and counted. */
  private materialize(): Y.Doc {
    if (this.built) return this.built
    const doc = new Y.Doc()
    const corrupt = this.stored ? applyStored(doc, this.stored) : 0
    this.stored = null
    this.storedVector = null
    if (corrupt > 0) {
      this.fullState = null
      this.deps.metrics.corruptRows += corrupt
      this.deps.log.error(
        { boardId: this.boardId, corrupt },
        'skipped corrupt rows while loading a board',
      )
    }
    this.corruptOnLoad = corrupt
    this.built = doc
    boardMap(doc).observe(() => this.refreshPolicy())
    doc.on('update', () => {
      this.stats = null
      this.fullState = null
    })
    this.refreshPolicy()
    return doc
  }

  private refreshPolicy() {
    const doc = this.doc
    this.policy = {
      locked: readMeta(doc).locked,
      voteOpen: readVote(doc).status === 'open',
    }
  }

  get degraded(): boolean {
    return this.degradedSince !== null
  }

  /**
   * Add a connection: it gets the server's state vector and everyone's presence. Returns null
   * (and closes the connection) when the board is full or its storage is failing.
   */
  join(conn: Connection, access: Access): Peer | null {
    if (this.closed) throw new Error('room is closed')
    const now = this.deps.now()
    if (this.degradedSince !== null && !this.tryRecover(now)) {
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
    this.send(
      peer,
      this.storedVector ? encodeSyncStep1Vector(this.storedVector) : encodeSyncStep1(this.doc),
    )
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
      const reason = e instanceof MalformedMessage ? e.reason : 'malformed'
      m.reject(reason as 'malformed')
      this.deps.log.warn(
        { boardId: this.boardId, reason, err: (e as Error).message },
        'closing a connection after a malformed message',
      )
      this.close(peer, CLOSE.malformed)
    }
  }

  /** Sync step 1 from a client: answer with what it lacks. */
  replySyncStep2(peer: Peer, stateVector: Uint8Array): void {
    let reply: Uint8Array
    try {
      if (isEmptyStateVector(stateVector)) {
        this.fullState ??= Y.encodeStateAsUpdate(this.doc)
        reply = encodeSyncStep2Update(this.fullState)
      } else if (!this.built && this.fullState) {
        reply = encodeSyncStep2Update(Y.diffUpdate(this.fullState, stateVector))
      } else {
        reply = encodeSyncStep2(this.doc, stateVector)
      }
    } catch {
      throw new MalformedMessage('state vector does not decode')
    }
    this.send(peer, reply)
  }

  /** A document update from a connection (sync step 2 or update). */
  write(peer: Peer, update: Uint8Array): void {
    if (isEmptyUpdate(update)) return
    if (this.degradedSince !== null) {
      this.deps.metrics.reject('storage-unavailable')
      this.close(peer, CLOSE.storageUnavailable)
      return
    }
    const out = applyWrite(this.doc, peer.access.role, this.policy, peer, update)
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
  }

  /**
   * A change made by the server itself (session-wide controls): applied, stored, then sent to
   * every connection. Returns false when the board's storage is failing (nothing is changed).
   */
  writeAsServer(change: (doc: Y.Doc, origin: object) => void): boolean {
    if (this.degradedSince !== null) return false
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
    const t0 = performance.now()
    let seq: number
    try {
      seq = this.deps.storage.appendUpdate(this.boardId, update)
    } catch (e) {
      this.degrade(e)
      return false
    }
    this.deps.metrics.writeSeconds.observe((performance.now() - t0) / 1000)
    this.lastSeq = seq
    this.logRows++
    this.logBytes += update.length
    if (this.needsCompaction()) this.deps.requestCompaction(this)
    return true
  }

  private degrade(e: unknown): void {
    this.deps.metrics.storageFailures++
    this.degradedSince = this.deps.now()
    this.deps.log.error(
      { boardId: this.boardId, err: (e as Error)?.message },
      'storage write failed: the board takes no writes until storage recovers',
    )
    this.closeAll(CLOSE.storageUnavailable)
  }

  /** Try to store the whole document again; true when the board is healthy. */
  private tryRecover(now: number): boolean {
    if (this.degradedSince === null) return true
    if (now - this.degradedSince < this.deps.limits.storageRetryMs) return false
    try {
      this.compactNow()
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

  needsCompaction(): boolean {
    const l = this.deps.limits
    return this.logRows > l.compactAfterRows || this.logBytes > l.compactAfterBytes
  }

  /**
   * Write a snapshot of the document and delete the rows it covers. Synchronous: the document
   * holds exactly the rows up to `lastSeq` here. Throws when storage fails.
   */
  compactNow(): void {
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    this.deps.storage.compact(this.boardId, snapshot, this.lastSeq, Y.encodeStateVector(this.doc))
    this.logRows = 0
    this.logBytes = 0
    this.deps.metrics.compactions++
    this.deps.storage.writeStats(this.boardId, this.currentStats())
  }

  /** The board's figures (cached until the next change). */
  currentStats(): BoardStats {
    this.stats ??= computeStats(this.doc, this.deps.now())
    return this.stats
  }

  /** An awareness update from a connection; changes go out with the next tick. */
  applyAwareness(peer: Peer, update: Uint8Array): void {
    const r = this.presence.apply(update, peer, this.deps.now())
    if (r.dropped > 0) this.deps.metrics.reject('awareness-cap', r.dropped)
    if (r.changed > 0) this.schedulePresence()
  }

  /** Send a connection every live presence state. */
  sendPresence(peer: Peer): void {
    const all = this.presence.encodeAll()
    if (all) this.send(peer, encodeAwareness(all))
  }

  private schedulePresence() {
    if (this.presenceTimer) return
    const tick = this.deps.limits.awarenessTickMs
    if (tick <= 0) {
      this.flushPresence()
      return
    }
    this.presenceTimer = setTimeout(() => this.flushPresence(), tick)
  }

  /** Send the coalesced presence changes to every connection, the senders' own included. */
  flushPresence(): void {
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.presenceTimer = null
    const changes = this.presence.takeDirty()
    if (changes) this.broadcast(encodeAwareness(changes))
  }

  /** Periodic work: drop outdated presence, keep quiet connections alive. */
  maintain(now: number): void {
    if (this.presence.sweep(now) > 0) this.schedulePresence()
    for (const p of this.peers) {
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
    this.built?.destroy()
    this.stored = null
    this.storedVector = null
    this.fullState = null
  }
}
