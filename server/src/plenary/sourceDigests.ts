/**
 * The digests of source boards [F11.4], kept per version of each board, so telling "changed
 * since sent" for a plenary's copies [SE3] reads each source board once per change of it, not
 * once per copy or per request, and loads no idle board into memory.
 *
 * A board's version: in memory, the sequence number of its last stored update (every change
 * of the document is stored before anything else happens); held by another node (several
 * nodes), the version that node last gave, the board read from storage, which holds every
 * change it relayed; out of memory everywhere, the stored figures' time, which unloading
 * writes. A board changes only in memory, so a version seen again means the same content.
 */
import {
  type BoardDigests,
  type BoardSnapshot,
  boardDigests,
  type CopyStatuses,
  copyStatuses,
  readBoard,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { RemoteVersions } from '../live/watch'
import type { Rooms } from '../rooms/Rooms'
import type { BoardStorage } from '../storage/types'

/** Boards whose digests are kept; the oldest entry goes first past it. */
const MAX_BOARDS = 1000

export interface SourceDigestsDeps {
  rooms: Rooms
  storage: BoardStorage
  /** Run `f` on a board's document read from storage (the board is not in memory). */
  readStored<T>(boardId: string, f: (doc: Y.Doc) => T): T | Promise<T>
  /** Several nodes: the versions of boards other nodes hold. */
  remote?: RemoteVersions
}

export class SourceDigests {
  private readonly entries = new Map<string, { version: string; digests: BoardDigests }>()
  /** Per board, its copies (notes and themes sent from elsewhere) as of a version. */
  private readonly copies = new Map<string, { version: string; snap: BoardSnapshot }>()
  /** Times a board's digests were computed (tests and the benchmark read it). */
  computed = 0

  constructor(private readonly deps: SourceDigestsDeps) {}

  /** The board's version as defined above. */
  version(boardId: string): string {
    const room = this.deps.rooms.get(boardId)
    if (room) return `m${room.log.lastSeq}`
    const held = this.deps.remote?.peek(boardId)
    if (held) return `r${held.version}`
    return `s${this.deps.storage.readStats(boardId)?.updatedAt ?? 0}`
  }

  /** The digests of a board as it stands. */
  async get(boardId: string): Promise<BoardDigests> {
    const version = this.version(boardId)
    const kept = this.entries.get(boardId)
    if (kept && kept.version === version) return kept.digests
    const room = this.deps.rooms.get(boardId)
    const digests = room
      ? boardDigests(room.doc)
      : await this.deps.readStored(boardId, (doc) => boardDigests(doc))
    this.computed++
    // The version read before the await: a change meanwhile makes the next read compute again.
    this.entries.delete(boardId)
    this.entries.set(boardId, { version, digests })
    if (this.entries.size > MAX_BOARDS) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    return digests
  }

  /**
   * How every copy on `boardId` stands against its source [F11.7, SE3.1]. Only boards for which
   * `readable` holds are looked up (the board's own session): a source naming any other board
   * reads as `no-board`, so a hostile copy cannot probe another session's notes.
   */
  async statuses(boardId: string, readable: (id: string) => boolean): Promise<CopyStatuses> {
    await this.deps.remote?.refresh([boardId])
    const snap = await this.copiesOf(boardId)
    const sources = new Set<string>()
    for (const n of snap.notes) if (n.source) sources.add(n.source.boardId)
    for (const c of snap.clusters) for (const s of c.sources) sources.add(s.boardId)
    await this.deps.remote?.refresh([...sources].filter((id) => id !== boardId && readable(id)))
    const found = new Map<string, BoardDigests>()
    for (const id of sources) {
      if (id !== boardId && readable(id)) found.set(id, await this.get(id))
    }
    return copyStatuses(snap, boardId, (id) => found.get(id) ?? null)
  }

  /** The board's notes and themes that are copies, read once per version of the board. */
  private async copiesOf(boardId: string): Promise<BoardSnapshot> {
    const version = this.version(boardId)
    const kept = this.copies.get(boardId)
    if (kept && kept.version === version) return kept.snap
    const room = this.deps.rooms.get(boardId)
    const full = room ? readBoard(room.doc) : await this.deps.readStored(boardId, readBoard)
    const snap: BoardSnapshot = {
      ...full,
      notes: full.notes.filter((n) => n.source !== null),
      clusters: full.clusters.filter((c) => c.sources.length > 0),
    }
    this.copies.delete(boardId)
    this.copies.set(boardId, { version, snap })
    if (this.copies.size > MAX_BOARDS) {
      const oldest = this.copies.keys().next().value
      if (oldest !== undefined) this.copies.delete(oldest)
    }
    return snap
  }
}
