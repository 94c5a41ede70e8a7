/**
 * The registry of boards in memory (an instance, not a module singleton).
 *
 * Loading is single-flight: concurrent joins of one board share one load promise. Unloading is
 * synchronous (removed from the map, stats and snapshot written, document freed, in one
 * turn of the event loop), so a join either finds the loaded room or starts a fresh load from
 * storage that already holds everything; two documents for one board cannot exist.
 */
import { CLOSE, type CloseSpec } from '@sensemaking/shared'
import type { Logger } from 'pino'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { FencedWrite } from '../storage/errors'
import type { BoardStorage } from '../storage/types'
import { SharedBudgets } from './budgets'
import type { Access, Connection, Peer } from './connection'
import { type CommitTiming, GroupCommit } from './groupCommit'
import { Room, type RoomDeps } from './Room'

export interface RoomsOptions {
  storage: BoardStorage
  limits: Limits
  log: Logger
  metrics: ServerMetrics
  now?: () => number
  /** A board left memory (unloaded, dropped or evicted): several nodes let its lease go. */
  onUnload?: (boardId: string) => void
  /** When a turn's updates are committed (tests without a network: 'immediate'). */
  commitTiming?: CommitTiming
}

export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly idle = new Map<string, NodeJS.Timeout>()
  private readonly compactQueue = new Set<Room>()
  private compactScheduled = false
  private readonly maintenance: NodeJS.Timeout
  private readonly deps: RoomDeps
  private stopped = false

  constructor(private readonly o: RoomsOptions) {
    const now = o.now ?? Date.now
    this.deps = {
      storage: o.storage,
      limits: o.limits,
      log: o.log,
      metrics: o.metrics,
      now,
      server: { budgets: SharedBudgets.server(o.limits, now()), heldBytes: 0, connections: 0 },
      requestCompaction: (room) => this.requestCompaction(room),
      onEmpty: (room) => this.scheduleUnload(room),
      onBroken: (room) => this.drop(room),
      commits: new GroupCommit(o.storage, o.metrics, o.log, o.commitTiming),
    }
    this.maintenance = setInterval(() => {
      const t = now()
      for (const r of this.rooms.values()) r.maintain(t)
      this.deps.server.connections = this.connections
    }, o.limits.maintenanceMs)
    this.maintenance.unref()
  }

  /** Boards in memory. */
  get size(): number {
    return this.rooms.size
  }

  /** Open connections over all boards. */
  get connections(): number {
    let n = 0
    for (const r of this.rooms.values()) n += r.peers.size
    return n
  }

  /** Store (and relay) the updates waiting for the turn's commit now [G13]. */
  flushCommits(): void {
    this.deps.commits.flush()
  }

  /** The loaded room of a board, if any (never loads). */
  get(boardId: string): Room | undefined {
    return this.rooms.get(boardId)
  }

  /** True while the board is in memory or being loaded. */
  holds(boardId: string): boolean {
    return this.rooms.has(boardId) || this.loading.has(boardId)
  }

  all(): IterableIterator<Room> {
    return this.rooms.values()
  }

  /** The room of an existing board, loading it once however many ask at the same time. */
  acquire(boardId: string): Promise<Room> {
    if (this.stopped) return Promise.reject(new Error('server is stopping'))
    const room = this.rooms.get(boardId)
    if (room) return Promise.resolve(room)
    let p = this.loading.get(boardId)
    if (!p) {
      p = this.load(boardId).finally(() => this.loading.delete(boardId))
      this.loading.set(boardId, p)
    }
    return p
  }

  private async load(boardId: string): Promise<Room> {
    // The map above keeps it single-flight while the board is read and built in slices.
    await Promise.resolve()
    const room = await Room.open(boardId, this.deps)
    this.o.metrics.loads++
    this.rooms.set(boardId, room)
    this.scheduleUnload(room)
    return room
  }

  /** Acquire a board and add a connection to it; null when the room refused it (and closed it). */
  async join(
    boardId: string,
    conn: Connection,
    access: Access,
  ): Promise<{ room: Room; peer: Peer } | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const room = await this.acquire(boardId)
      if (room.closed) continue
      this.cancelUnload(boardId)
      const peer = room.join(conn, access)
      return peer ? { room, peer } : null
    }
    throw new Error(`board ${boardId} kept unloading while joining`)
  }

  private scheduleUnload(room: Room) {
    if (room.peers.size > 0 || this.stopped) return
    this.cancelUnload(room.boardId)
    const t = setTimeout(() => this.unload(room), this.o.limits.idleUnloadMs)
    t.unref()
    this.idle.set(room.boardId, t)
  }

  private cancelUnload(boardId: string) {
    const t = this.idle.get(boardId)
    if (t) clearTimeout(t)
    this.idle.delete(boardId)
  }

  /** Take an idle board out of memory, with a final snapshot and its figures stored. */
  private unload(room: Room) {
    this.flushCommits()
    this.idle.delete(room.boardId)
    if (room.peers.size > 0 || this.rooms.get(room.boardId) !== room) return
    this.rooms.delete(room.boardId)
    this.compactQueue.delete(room)
    this.persistOnExit(room, true)
    room.destroy()
    this.o.onUnload?.(room.boardId)
    this.o.log.debug({ boardId: room.boardId }, 'board left memory')
  }

  /** Take a room out of memory without storing anything (its document is in doubt). */
  private drop(room: Room) {
    if (this.rooms.get(room.boardId) !== room) return
    this.rooms.delete(room.boardId)
    this.compactQueue.delete(room)
    this.cancelUnload(room.boardId)
    room.destroy()
    this.o.onUnload?.(room.boardId)
  }

  /**
   * Several nodes: this node no longer owns the board. Its connections are closed with `spec`
   * (they reconnect to the owner) and it leaves memory without writing: the owner writes now.
   */
  evictBoard(boardId: string, spec: CloseSpec): void {
    const room = this.rooms.get(boardId)
    if (room) this.evict(room, spec)
  }

  /**
   * Store a room's figures and, if its log grew, a snapshot; a board nobody is connected to
   * (`idle`) starts a new epoch when that drops enough history [F10]. Never throws.
   */
  private persistOnExit(room: Room, idle: boolean) {
    // A board never built was not changed since it was read.
    if (room.degraded || !room.materialized) return
    try {
      if (idle && room.rebaseIfWorthIt()) return
      if (room.log.rows > 1) room.compactNow()
      else this.o.storage.writeStats(room.boardId, room.currentStats())
    } catch (e) {
      this.o.metrics.storageFailures++
      this.o.log.error({ boardId: room.boardId, err: (e as Error).message }, 'final write failed')
    }
  }

  /** Compact in the background, one board per turn of the event loop. */
  private requestCompaction(room: Room) {
    this.compactQueue.add(room)
    if (this.compactScheduled) return
    this.compactScheduled = true
    setImmediate(() => this.compactNext())
  }

  private compactNext() {
    this.compactScheduled = false
    const room = this.compactQueue.values().next().value
    if (!room) return
    this.compactQueue.delete(room)
    if (!room.closed && !room.degraded && room.needsCompaction()) {
      try {
        room.compactNow()
      } catch (e) {
        if (e instanceof FencedWrite) this.evict(room, CLOSE.boardMoved)
        else this.o.metrics.storageFailures++
        this.o.log.error({ boardId: room.boardId, err: (e as Error).message }, 'compaction failed')
      }
    }
    if (this.compactQueue.size > 0) {
      this.compactScheduled = true
      setImmediate(() => this.compactNext())
    }
  }

  /**
   * Take a room out of memory at once, storing nothing: storage holds a newer epoch of the
   * board than its document (an erasure [F13.5]). Its connections are closed with `spec`.
   */
  evict(room: Room, spec: CloseSpec): void {
    if (this.rooms.get(room.boardId) !== room) return
    this.rooms.delete(room.boardId)
    this.compactQueue.delete(room)
    room.closeAll(spec)
    this.cancelUnload(room.boardId)
    room.destroy()
    this.o.onUnload?.(room.boardId)
  }

  /** Close every connection of a scope's rotated link; returns how many. */
  revoke(match: (a: Access) => boolean): number {
    let n = 0
    for (const r of this.rooms.values()) n += r.revoke(match)
    return n
  }

  /**
   * Shut down: close every connection with `spec`, store figures and snapshots, free
   * everything. Loads in flight finish and are dropped.
   */
  async stop(spec: CloseSpec): Promise<void> {
    this.stopped = true
    this.flushCommits()
    clearInterval(this.maintenance)
    for (const t of this.idle.values()) clearTimeout(t)
    this.idle.clear()
    await Promise.allSettled([...this.loading.values()])
    for (const room of [...this.rooms.values()]) {
      // Connected replicas reconnect to the next process: only a board nobody holds open
      // may start a new epoch, which would make every replica stale.
      const idle = room.peers.size === 0
      room.closeAll(spec)
      this.persistOnExit(room, idle)
      room.destroy()
    }
    this.rooms.clear()
    this.compactQueue.clear()
  }
}
