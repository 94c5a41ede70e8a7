/**
 * Rooms of boards in memory storage with fake connections and a hand-moved clock, for tests of
 * the room and its write path without a network. Every Rooms that `setup()` makes is stopped
 * by `stopRooms()` (call it in an afterEach).
 */
import { CLOSE, type Role, seedBoard } from '@sensemaking/shared'
import * as Y from 'yjs'
import { type Limits, resolveLimits } from '../config'
import { ServerMetrics } from '../metrics'
import { encodeUpdate, SYNC } from '../protocol/messages'
import type { Access } from '../rooms/connection'
import type { CommitTiming } from '../rooms/groupCommit'
import { Rooms } from '../rooms/Rooms'
import { MemoryStorage } from '../storage/memoryStorage'
import type { AppendRow } from '../storage/types'
import { decodeMessage, type FakeConnection, fakeConnection } from './fakes'
import { silentLogger } from './logger'

/** Memory storage whose writes can be made to fail, counting loads. */
export class FlakyStorage extends MemoryStorage {
  failWrites = false
  /** Writes of this board fail (a transaction holding one of its rows fails whole). */
  failBoard: string | null = null
  loads = 0
  /** The transactions of appended rows: the boards of each one's rows. */
  readonly transactions: string[][] = []
  override appendUpdate(boardId: string, data: Uint8Array): number {
    if (this.failWrites || boardId === this.failBoard) throw new Error('disk full')
    return super.appendUpdate(boardId, data)
  }
  override appendUpdates(rows: readonly AppendRow[]): number[] {
    if (this.failWrites || rows.some((r) => r.boardId === this.failBoard)) {
      throw new Error('disk full')
    }
    this.transactions.push(rows.map((r) => r.boardId))
    return super.appendUpdates(rows)
  }
  override compact(boardId: string, snapshot: Uint8Array, upToSeq: number, sv?: Uint8Array): void {
    if (this.failWrites) throw new Error('disk full')
    super.compact(boardId, snapshot, upToSeq, sv)
  }
  override loadBoard(boardId: string) {
    this.loads++
    return super.loadBoard(boardId)
  }
}

const stops: (() => Promise<void>)[] = []

/** Stop every Rooms made by setup() since the last call. */
export async function stopRooms(): Promise<void> {
  for (const s of stops.splice(0)) await s()
}

/** Two seeded boards (b1, b2) in memory storage, Rooms over them, clients as fake connections. */
export function setup(limits: Partial<Limits> = {}, o: { commitTiming?: CommitTiming } = {}) {
  const storage = new FlakyStorage()
  const seed = new Y.Doc()
  seedBoard(seed, { title: 'Breakout' })
  const board = (id: string, position: number) => ({
    board: { id, sessionId: 's', name: id, position, createdAt: 0 },
    initialUpdate: Y.encodeStateAsUpdate(seed),
  })
  storage.createSession({ id: 's', title: 'S', template: 'w3', createdAt: 0 }, [
    board('b1', 0),
    board('b2', 1),
  ])
  let clock = 1_000_000
  const metrics = new ServerMetrics(
    { connections: () => 0, boardsInMemory: () => 0 },
    { processMetrics: false },
  )
  /** Another Rooms over the same storage (a restarted server). */
  const make = () => {
    const r = new Rooms({
      storage,
      limits: resolveLimits({ awarenessTickMs: 0, ...limits }),
      log: silentLogger(),
      metrics,
      now: () => clock,
      // A test reads what a message did right after handing it over: commit at once, unless
      // it tests the group commit itself.
      commitTiming: o.commitTiming ?? 'immediate',
    })
    stops.push(() => r.stop(CLOSE.shuttingDown))
    return r
  }
  const rooms = make()
  const access = (role: Role, boardId = 'b1', extra: Partial<Access> = {}): Access => ({
    role,
    scope: 'board',
    scopeId: boardId,
    generation: 0,
    ...extra,
  })
  /** A client: a replica of the board and its connection. */
  const client = async (role: Role, boardId = 'b1', extra: Partial<Access> = {}) => {
    const conn = fakeConnection()
    const joined = await rooms.join(boardId, conn, access(role, boardId, extra))
    const doc = new Y.Doc()
    const r = joined?.room
    if (r) Y.applyUpdate(doc, Y.encodeStateAsUpdate(r.doc))
    const write = (f: (d: Y.Doc) => void) => {
      const ups: Uint8Array[] = []
      const on = (u: Uint8Array) => ups.push(u)
      doc.on('update', on)
      f(doc)
      doc.off('update', on)
      r!.receive(joined!.peer, encodeUpdate(Y.mergeUpdates(ups)))
    }
    return { conn, doc, room: r!, peer: joined?.peer, write }
  }
  const tick = (ms: number) => {
    clock += ms
  }
  return { storage, rooms, metrics, client, make, tick, access }
}

/** The sync updates a connection was sent. */
export const syncUpdates = (c: FakeConnection) =>
  c.sent.map(decodeMessage).filter((m) => m.kind === 'sync' && m.type === SYNC.update)
/** The awareness messages a connection was sent. */
export const awareness = (c: FakeConnection) =>
  c.sent.map(decodeMessage).filter((m) => m.kind === 'awareness')
/** Everything storage holds of a board, as text (to look for words). */
export const storedText = (s: MemoryStorage, boardId = 'b1') => {
  const l = s.loadBoard(boardId)
  return Buffer.concat([
    ...(l.snapshot ? [l.snapshot.data] : []),
    ...l.updates.map((u) => u.data),
  ]).toString('latin1')
}
