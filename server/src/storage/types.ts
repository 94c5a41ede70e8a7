/**
 * Board storage: the one interface the rooms and the HTTP API write and read through.
 * Synchronous on purpose: an update is on disk before the room relays it, with no await in
 * between for another message to slip through. PostgreSQL's driver is asynchronous: PgStorage
 * runs it on a worker thread and waits for each answer (`storage/pg/syncPg.ts`).
 */
import type { NoteChange, TimerState } from '@sensemaking/shared'

/** A session: a set of breakout boards created together. */
export interface SessionRecord {
  id: string
  title: string
  /** Template id of its boards ("w3", "retro"). */
  template: string
  createdAt: number
  /**
   * When the session's boards are erased [retention]: null for "the server's default period
   * after `createdAt`". Absent reads as null.
   */
  expiresAt?: number | null
  /** When the retention ran out and the boards were erased; null while they are kept. */
  erasedAt?: number | null
}

/** A board (one breakout room). */
export interface BoardRecord {
  id: string
  sessionId: string
  name: string
  /** Order within its session, from 0. */
  position: number
  createdAt: number
  /**
   * The session's plenary, where facilitators send what the breakouts found (at most one per
   * session). Absent on breakout rooms.
   */
  plenary?: true
}

/** A row to append: an update of a board. */
export interface AppendRow {
  boardId: string
  data: Uint8Array
}

/** One stored row of the update log, or the snapshot. */
export interface StoredUpdate {
  seq: number
  data: Uint8Array
}

/** A compaction's snapshot: the whole document as one update. */
export interface StoredSnapshot extends StoredUpdate {
  /** The document's state vector at the snapshot, when stored with it (lets a board answer
   * a client's first sync without building its document). */
  stateVector: Uint8Array | null
}

/** What a board's document is rebuilt from. */
export interface LoadedBoard {
  /** The last compaction's snapshot, covering every row up to its `seq`. */
  snapshot: StoredSnapshot | null
  /** Rows after the snapshot, in sequence order. */
  updates: StoredUpdate[]
  /** Rows (or a snapshot) skipped because their checksum did not match. */
  corrupt: number
  /** The highest sequence number stored for the board (0 when none). */
  lastSeq: number
  /** Bytes in `updates` (the log since the snapshot). */
  logBytes: number
}

/** Live figures of a board, kept so a dashboard never has to load idle boards. */
export interface BoardStats {
  title: string
  notes: { total: number; byColumn: Record<string, number> }
  byLever: Record<string, number>
  /** Notes per lever id (or "untagged"), then per column id (or "parkingLot"). */
  byLeverColumn?: Record<string, Record<string, number>>
  /** What the board shows now: its phase, lock and timer (absent in figures stored before). */
  state?: BoardState
  /** What the room is saying: its latest notes, newest first (absent in figures stored before). */
  recent?: RecentNote[]
  /** Its largest themes (absent in figures stored before). */
  themes?: ThemeFigure[]
  updatedAt: number
}

/** One of a room's latest notes, as the dashboard's digest of the room shows it. */
export interface RecentNote {
  id: string
  /** Its words, cut to a few lines. */
  text: string
  column: string | null
  lever: string | null
  kind: string | null
  city: string
  createdAt: number
}

/** A theme of a room with its live notes counted. */
export interface ThemeFigure {
  id: string
  title: string
  notes: number
}

/** A board's facilitation state as the session dashboard shows it. */
export interface BoardState {
  phase: string | null
  locked: boolean
  timer: TimerState
}

/**
 * A board's epochs [F10 in shared/SPEC.md]: a rebase replaces the document by a fresh copy
 * without history. What a stale replica needs to be recognised and carried over is kept.
 */
export interface RebaseRecord {
  /** The current epoch (1 after the first rebase). */
  epoch: number
  /** The previous epoch's last state: what a stale replica's own changes are diffed against. */
  base: Uint8Array
  /** Every client of every retired epoch: a state vector naming one is stale. */
  retired: number[]
  rebasedAt: number
}

/** What a rebase stores, atomically. */
export interface RebaseWrite {
  /** The fresh copy, stored as the snapshot (with its state vector). */
  fresh: Uint8Array
  stateVector: Uint8Array
  /** Every row up to this sequence is covered by `base` (and so by `fresh`). */
  upToSeq: number
  base: Uint8Array
  /** The clients of the epoch being retired. */
  retired: readonly number[]
}

/**
 * What an erasure stores, atomically [F13.5]: a new epoch like a rebase's, except that every
 * row of the board goes (the fresh copy covers them all) and the kept base is the old epoch
 * with the erased entries collected.
 */
export type EraseWrite = RebaseWrite

/**
 * What the server knows of who writes a board, stored with the turn's rows in the same
 * transaction [G13], [S18]: a change of a note's text [F14.8] and the owner of a Yjs client id
 * [F14.7]. Applied in order.
 */
export type PeopleRecord =
  /** A change of a note's text, numbered per note from 1 (numbers only grow). */
  | { kind: 'change'; boardId: string; noteId: string; n: number; change: NoteChange }
  /** Forget a note's changes numbered `from` to `to` (null: every one from `from`). */
  | { kind: 'cut'; boardId: string; noteId: string; from: number; to: number | null }
  /** Client id `client` is `owner`'s (a person's key); the first owner stays. */
  | { kind: 'owner'; boardId: string; client: number; owner: string }
  /** Every client id of `from` becomes `to`'s (two people merged into one, F14.9). */
  | { kind: 'rekey'; boardId: string; from: string; to: string }

/** A stored change of a note's text, with its number. */
export interface StoredNoteChange {
  n: number
  change: NoteChange
}

/** The span of one note's stored changes (the lowest and highest numbers). */
export interface NoteHistorySpan {
  noteId: string
  first: number
  last: number
}

/**
 * What an erasure takes out of the change history [F13], [F14.8]: every change of the erased
 * notes and every change written by the erased people; or all of the board's.
 */
export type HistoryErasure = { all: true } | { notes: readonly string[]; people: readonly string[] }

/** Who a token generation belongs to: a board's or a session's link for one role. */
export type TokenScope = 'board' | 'session'

export interface BoardStorage {
  /** Create a session and its boards, each with its first update, in one transaction. */
  createSession(
    session: SessionRecord,
    boards: readonly { board: BoardRecord; initialUpdate: Uint8Array }[],
  ): void
  /**
   * Add a board to an existing session with its first update, in one transaction. Throws for an
   * unknown session, a clashing board id, or a second plenary in the session.
   */
  addBoard(board: BoardRecord, initialUpdate: Uint8Array): void
  getSession(id: string): SessionRecord | null
  /** Every session, oldest first. */
  listSessions(): SessionRecord[]
  getBoard(id: string): BoardRecord | null
  /** The boards of a session, by position. */
  listBoards(sessionId: string): BoardRecord[]

  /**
   * Append one update to a board's log; returns its sequence number (increasing per board, in
   * the order the board's appends were committed).
   */
  appendUpdate(boardId: string, data: Uint8Array): number
  /**
   * Append several rows (of any boards) in one transaction, in order: all are stored or none
   * (throws). Returns their sequence numbers. The server commits the updates of one turn of
   * its event loop this way (group commit) before it relays any of them.
   */
  appendUpdates(rows: readonly AppendRow[]): number[]
  /** Read a board's snapshot and log; rows whose checksum fails are skipped and counted. */
  loadBoard(boardId: string): LoadedBoard
  /**
   * Replace the snapshot with `snapshot` (the state of every row up to `upToSeq`, with its
   * state vector when given) and delete only the rows with seq ≤ upToSeq, atomically. Rows
   * appended after stay.
   */
  compact(boardId: string, snapshot: Uint8Array, upToSeq: number, stateVector?: Uint8Array): void

  /** The board's epochs, or null when it was never rebased. */
  readRebase(boardId: string): RebaseRecord | null
  /** Every retired client of the board (none when never rebased), without reading the base. */
  retiredClients(boardId: string): number[]
  /**
   * Start a new epoch, atomically: the snapshot becomes `fresh`, the rows up to `upToSeq` go,
   * `base` replaces the kept base and `retired` joins the retired clients. Returns the epoch.
   */
  rebase(boardId: string, r: RebaseWrite): number
  /**
   * Erase [F13.5]: like `rebase`, but every row of the board goes, so nothing written before
   * stays; throws (and changes nothing) when rows after `upToSeq` exist, which the erased
   * copy would not cover. Deleted bytes are overwritten where the backend keeps them (SQLite's
   * secure_delete). Returns the new epoch.
   */
  erase(boardId: string, w: EraseWrite): number
  /**
   * Make deleted content unreadable on the medium as soon as possible (SQLite: copy the WAL
   * into the database and truncate it). False when it could not be done now (a reader holds
   * an old snapshot); it is then worth trying again.
   */
  scrub(): boolean

  /** Set when a session's boards are erased (ms), or null for the server's default period. */
  setSessionExpiry(id: string, expiresAt: number | null): void
  /** Record that a session's retention ran out and its boards were erased. */
  markSessionErased(id: string, at: number): void

  /** The current generation of a link (0 when never rotated). */
  getGeneration(scope: TokenScope, id: string, role: string): number
  /** Rotate a link: the generation goes up by one; returns the new one. */
  bumpGeneration(scope: TokenScope, id: string, role: string): number

  readStats(boardId: string): BoardStats | null
  writeStats(boardId: string, stats: BoardStats): void

  /**
   * Like `appendUpdates`, with records of who writes [F14.7], [F14.8] in the same transaction:
   * the rows and the records are all stored or none (throws) [S18]. Either may be empty.
   */
  appendTurn(rows: readonly AppendRow[], records: readonly PeopleRecord[]): number[]
  /** A board's changes of one note, oldest first [F14.8]. */
  readNoteChanges(boardId: string, noteId: string): StoredNoteChange[]
  /** The notes of a board with stored changes, the least recently changed first. */
  readHistorySpans(boardId: string): NoteHistorySpan[]
  /** Every stored owner of a board's client ids [F14.7]. */
  readClientOwners(boardId: string): { client: number; owner: string }[]
  /** Forget the owners of a board's client ids (a new epoch retired every one, F10). */
  dropClientOwners(boardId: string): void
  /** Take changes out of a board's history (an erasure, F13) [S19]. */
  eraseHistory(boardId: string, e: HistoryErasure): void

  close(): void
}
