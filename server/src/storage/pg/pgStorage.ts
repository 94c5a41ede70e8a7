/**
 * BoardStorage on PostgreSQL (DATABASE_URL), for several server nodes sharing one store.
 *
 * Every call is synchronous (see SyncPg): an append is committed when `appendUpdate` returns,
 * before the room relays it. Sequence numbers are per board and given here, by the board's
 * owner (the one node that writes it), in commit order; a compaction deletes the rows up to
 * the number its snapshot merged and no other. Writes of a board are fenced by the owner's
 * epoch (`claim`): once another node claimed a later epoch, an append, compaction or rebase
 * under the older one is refused with `FencedWrite`, so a node paused past its lease writes
 * nothing after it moved.
 */
import { checksum } from '../checksum'
import { FencedWrite } from '../errors'
import { type BoardRow, type SessionRow, toBoard, toSession } from '../rows'
import type {
  AppendRow,
  BoardRecord,
  BoardStats,
  BoardStorage,
  EraseWrite,
  HistoryErasure,
  LoadedBoard,
  NoteHistorySpan,
  PeopleRecord,
  RebaseRecord,
  RebaseWrite,
  SessionRecord,
  StoredNoteChange,
  StoredUpdate,
  TokenScope,
} from '../types'
import {
  eraseHistoryQueries,
  peopleQuery,
  readClientOwners,
  readHistorySpans,
  readNoteChanges,
} from './pgPeople'
import { readRebase, rebaseQuery } from './pgRebases'
import { FENCED_SQLSTATE, migrate } from './schema'
import { PgError, SyncPg } from './syncPg'

export { FencedWrite }

export interface PgStorageOptions {
  /** A postgres:// URL. */
  url: string
  /**
   * Several nodes: a board's writes need its owner's epoch (`claim`); a write of a board not
   * claimed here is refused. Without, writes are unfenced (one node).
   */
  fenced?: boolean
  /** How long one request may take (default 10 s). */
  timeoutMs?: number
  now?: () => number
  /** Told of every write the fence refused. */
  onFenced?: (boardId: string) => void
}

/** The tables an erasure deletes rows from: `scrub` vacuums each of them. */
export const SCRUBBED_TABLES = [
  'updates',
  'snapshots',
  'board_rebases',
  'note_changes',
  'client_owners',
] as const

interface DataRow {
  seq: number
  data: Uint8Array
  crc: number
}
interface SnapshotRow extends DataRow {
  state_vector: Uint8Array | null
}

/** A board's row and its first update (inside a transaction). */
const insertBoard = (board: BoardRecord, initialUpdate: Uint8Array) => [
  {
    text: 'INSERT INTO boards (id, session_id, name, position, created_at, plenary) VALUES ($1, $2, $3, $4, $5, $6)',
    values: [
      board.id,
      board.sessionId,
      board.name,
      board.position,
      board.createdAt,
      board.plenary === true,
    ],
  },
  {
    text: 'INSERT INTO updates (board_id, seq, data, crc) VALUES ($1, 1, $2, $3)',
    values: [board.id, initialUpdate, checksum(initialUpdate)],
  },
]

/** The highest number a board's rows or snapshot ever had (0: none). */
const HIGHEST_SEQ = `SELECT greatest(
  (SELECT max(seq) FROM updates WHERE board_id = $1),
  (SELECT seq FROM snapshots WHERE board_id = $1), 0) AS seq`

const APPEND = `INSERT INTO updates (board_id, seq, data, crc)
  SELECT $1, $3, $4, $5 WHERE board_fence($1, $2)`

export class PgStorage implements BoardStorage {
  readonly pg: SyncPg
  private readonly now: () => number
  /** Each board's next sequence number, known once it was read or written here. */
  private readonly nextSeq = new Map<string, number>()
  /** The epoch this node owns each board under (fenced stores). */
  private readonly epochs = new Map<string, number>()

  constructor(private readonly o: PgStorageOptions) {
    this.now = o.now ?? Date.now
    this.pg = new SyncPg({ url: o.url, timeoutMs: o.timeoutMs })
    try {
      migrate(this.pg)
    } catch (e) {
      this.pg.close()
      throw e
    }
  }

  /**
   * Take a board under `epoch` (a lease's, from the coordination store): the fence moves up to
   * it, so writes under an older epoch fail from now on. False when the fence is already at
   * or past it (another node claimed it or a later one).
   */
  claim(boardId: string, epoch: number): boolean {
    const rows = this.pg.query(
      `INSERT INTO board_fences (board_id, epoch) VALUES ($1, $2)
       ON CONFLICT (board_id) DO UPDATE SET epoch = EXCLUDED.epoch
       WHERE board_fences.epoch < EXCLUDED.epoch RETURNING epoch`,
      [boardId, epoch],
    )
    // Strictly later only: an epoch equal to the fence may be another node's (Redis restarted
    // without its counters hands out numbers again), and two writers under one epoch would both
    // pass the fence. The caller raises Redis's counter past the fence and takes a new one.
    const ok = rows.length > 0
    if (ok) this.epochs.set(boardId, epoch)
    // The rows are read again under the claim: numbers continue from what is stored.
    this.nextSeq.delete(boardId)
    return ok
  }

  /** Forget a board's claim (given up or lost); its next write here is refused until claimed. */
  release(boardId: string): void {
    this.epochs.delete(boardId)
    this.nextSeq.delete(boardId)
  }

  /** The board's fence in the database (0 when never claimed). */
  fenceOf(boardId: string): number {
    return (
      this.pg.query<{ epoch: number }>('SELECT epoch FROM board_fences WHERE board_id = $1', [
        boardId,
      ])[0]?.epoch ?? 0
    )
  }

  /** The epoch a write of the board goes under: null unfenced; throws when not claimed. */
  private epochFor(boardId: string): number | null {
    if (!this.o.fenced) return null
    const e = this.epochs.get(boardId)
    if (e === undefined) {
      this.o.onFenced?.(boardId)
      throw new FencedWrite(boardId)
    }
    return e
  }

  /** Run a write; a refusal of the fence becomes FencedWrite (and the claim is forgotten). */
  private fenced<T>(boardId: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      if (e instanceof PgError && e.code === FENCED_SQLSTATE) {
        this.release(boardId)
        this.o.onFenced?.(boardId)
        throw new FencedWrite(boardId)
      }
      throw e
    }
  }

  createSession(
    session: SessionRecord,
    boards: readonly { board: BoardRecord; initialUpdate: Uint8Array }[],
  ): void {
    this.pg.run(
      [
        {
          text: 'INSERT INTO sessions (id, title, template, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
          values: [
            session.id,
            session.title,
            session.template,
            session.createdAt,
            session.expiresAt ?? null,
          ],
        },
        ...boards.flatMap(({ board, initialUpdate }) => insertBoard(board, initialUpdate)),
      ],
      true,
    )
  }

  addBoard(board: BoardRecord, initialUpdate: Uint8Array): void {
    this.pg.run(
      [
        { text: 'SELECT board_session_exists($1)', values: [board.sessionId] },
        ...insertBoard(board, initialUpdate),
      ],
      true,
    )
  }

  getSession(id: string): SessionRecord | null {
    const r = this.pg.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])[0]
    return r ? toSession(r) : null
  }

  listSessions(): SessionRecord[] {
    return this.pg
      .query<SessionRow>('SELECT * FROM sessions ORDER BY created_at, id')
      .map(toSession)
  }

  getBoard(id: string): BoardRecord | null {
    const r = this.pg.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id])[0]
    return r ? toBoard(r) : null
  }

  listBoards(sessionId: string): BoardRecord[] {
    return this.pg
      .query<BoardRow>('SELECT * FROM boards WHERE session_id = $1 ORDER BY position, id', [
        sessionId,
      ])
      .map(toBoard)
  }

  /** Append under the board's next number: one statement, committed when this returns. */
  appendUpdate(boardId: string, data: Uint8Array): number {
    const epoch = this.epochFor(boardId)
    let seq = this.nextSeq.get(boardId) ?? this.highestSeq(boardId) + 1
    const crc = checksum(data)
    this.fenced(boardId, () => {
      try {
        this.pg.query(APPEND, [boardId, epoch, seq, data, crc])
      } catch (e) {
        // Unfenced, another process may have written the board: count on from the table's.
        if (!(e instanceof PgError) || e.code !== '23505') throw e
        seq = this.highestSeq(boardId) + 1
        this.pg.query(APPEND, [boardId, epoch, seq, data, crc])
      }
    })
    this.nextSeq.set(boardId, seq + 1)
    return seq
  }

  /**
   * Rows of several boards in one transaction (the server's group commit) [S17], each under
   * its board's next number and its board's fence: all are stored or none. A refusal of the
   * fence names no board when the rows are of several: the caller tries each board's alone,
   * and the one another node owns fails alone as FencedWrite.
   */
  appendUpdates(rows: readonly AppendRow[]): number[] {
    return this.appendTurn(rows, [])
  }

  private highestSeq(boardId: string): number {
    return this.pg.query<{ seq: number }>(HIGHEST_SEQ, [boardId])[0]?.seq ?? 0
  }

  loadBoard(boardId: string): LoadedBoard {
    const results = this.pg.run(
      [
        { text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY' },
        {
          text: 'SELECT seq, data, crc, state_vector FROM snapshots WHERE board_id = $1',
          values: [boardId],
        },
        {
          text: `SELECT seq, data, crc FROM updates WHERE board_id = $1
                 AND seq > coalesce((SELECT seq FROM snapshots WHERE board_id = $1), 0) ORDER BY seq`,
          values: [boardId],
        },
      ],
      true,
    )
    const snap = results[1]!.rows as unknown as SnapshotRow[]
    const rows = results[2]!.rows as unknown as DataRow[]
    let corrupt = 0
    let lastSeq = 0
    let snapshot: LoadedBoard['snapshot'] = null
    const s = snap[0]
    if (s) {
      lastSeq = s.seq
      if (checksum(s.data) === s.crc) {
        snapshot = { seq: s.seq, data: s.data, stateVector: s.state_vector }
      } else corrupt++
    }
    const updates: StoredUpdate[] = []
    let logBytes = 0
    for (const r of rows) {
      lastSeq = r.seq
      if (checksum(r.data) !== r.crc) {
        corrupt++
        continue
      }
      updates.push({ seq: r.seq, data: r.data })
      logBytes += r.data.length
    }
    this.nextSeq.set(boardId, lastSeq + 1)
    return { snapshot, updates, corrupt, lastSeq, logBytes }
  }

  private compactQueries(
    boardId: string,
    epoch: number | null,
    snapshot: Uint8Array,
    upToSeq: number,
    stateVector: Uint8Array | null,
  ) {
    return [
      { text: 'SELECT board_fence($1, $2)', values: [boardId, epoch] },
      {
        text: `INSERT INTO snapshots (board_id, seq, data, crc, created_at, state_vector)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (board_id) DO UPDATE SET
               seq = EXCLUDED.seq, data = EXCLUDED.data, crc = EXCLUDED.crc,
               created_at = EXCLUDED.created_at, state_vector = EXCLUDED.state_vector`,
        values: [boardId, upToSeq, snapshot, checksum(snapshot), this.now(), stateVector],
      },
      { text: 'DELETE FROM updates WHERE board_id = $1 AND seq <= $2', values: [boardId, upToSeq] },
    ]
  }

  compact(boardId: string, snapshot: Uint8Array, upToSeq: number, stateVector?: Uint8Array): void {
    const epoch = this.epochFor(boardId)
    this.fenced(boardId, () =>
      this.pg.run(
        this.compactQueries(boardId, epoch, snapshot, upToSeq, stateVector ?? null),
        true,
      ),
    )
  }

  readRebase(boardId: string): RebaseRecord | null {
    return readRebase(this.pg, boardId)
  }

  retiredClients(boardId: string): number[] {
    const r = this.pg.query<{ retired: unknown }>(
      'SELECT retired FROM board_rebases WHERE board_id = $1',
      [boardId],
    )[0]
    return Array.isArray(r?.retired) ? r.retired.filter((n) => Number.isInteger(n)) : []
  }

  rebase(boardId: string, r: RebaseWrite): number {
    const epoch = this.epochFor(boardId)
    const results = this.fenced(boardId, () =>
      this.pg.run(
        [
          ...this.compactQueries(boardId, epoch, r.fresh, r.upToSeq, r.stateVector),
          rebaseQuery(boardId, r.base, r.retired, this.now()),
        ],
        true,
      ),
    )
    return (results.at(-1)!.rows[0] as { epoch: number }).epoch
  }

  erase(boardId: string, w: EraseWrite): number {
    const epoch = this.epochFor(boardId)
    const results = this.fenced(boardId, () =>
      this.pg.run(
        [
          { text: 'SELECT board_no_rows_after($1, $2)', values: [boardId, w.upToSeq] },
          { text: 'DELETE FROM updates WHERE board_id = $1', values: [boardId] },
          ...this.compactQueries(boardId, epoch, w.fresh, w.upToSeq, w.stateVector),
          rebaseQuery(boardId, w.base, w.retired, this.now()),
        ],
        true,
      ),
    )
    return (results.at(-1)!.rows[0] as { epoch: number }).epoch
  }

  /**
   * Remove the deleted rows' versions from the tables' pages (VACUUM), so no query or backup
   * reads them again: the boards' rows and the notes' change history [F14.8], which an erasure
   * deletes from too. PostgreSQL does not overwrite freed space at once: the bytes stay in the
   * files until reused (docs/server.md, Known limits).
   */
  scrub(): boolean {
    try {
      this.pg.query(`VACUUM ${SCRUBBED_TABLES.join(', ')}`)
      return true
    } catch {
      return false
    }
  }

  setSessionExpiry(id: string, expiresAt: number | null): void {
    this.pg.query('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiresAt, id])
  }

  markSessionErased(id: string, at: number): void {
    this.pg.query('UPDATE sessions SET erased_at = $1 WHERE id = $2', [at, id])
  }

  getGeneration(scope: TokenScope, id: string, role: string): number {
    return (
      this.pg.query<{ generation: number }>(
        'SELECT generation FROM token_generations WHERE scope = $1 AND id = $2 AND role = $3',
        [scope, id, role],
      )[0]?.generation ?? 0
    )
  }

  bumpGeneration(scope: TokenScope, id: string, role: string): number {
    return this.pg.query<{ generation: number }>(
      `INSERT INTO token_generations (scope, id, role, generation) VALUES ($1, $2, $3, 1)
       ON CONFLICT (scope, id, role) DO UPDATE SET generation = token_generations.generation + 1
       RETURNING generation`,
      [scope, id, role],
    )[0]!.generation
  }

  readStats(boardId: string): BoardStats | null {
    const r = this.pg.query<{ stats: string }>(
      'SELECT stats FROM board_stats WHERE board_id = $1',
      [boardId],
    )[0]
    if (!r) return null
    try {
      return JSON.parse(r.stats) as BoardStats
    } catch {
      return null
    }
  }

  writeStats(boardId: string, stats: BoardStats): void {
    this.pg.query(
      `INSERT INTO board_stats (board_id, stats, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (board_id) DO UPDATE SET stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at`,
      [boardId, JSON.stringify(stats), stats.updatedAt],
    )
  }

  /**
   * Rows and records of who writes [F14.7], [F14.8] in one transaction [S18], each board's
   * under its fence: a board with records and no row checks its fence on its own.
   */
  appendTurn(rows: readonly AppendRow[], records: readonly PeopleRecord[]): number[] {
    if (records.length === 0 && rows.length <= 1) {
      return rows.map((r) => this.appendUpdate(r.boardId, r.data))
    }
    const withRows = new Set(rows.map((r) => r.boardId))
    const boards = [...new Set([...withRows, ...records.map((r) => r.boardId)])]
    const epochs = new Map(boards.map((b) => [b, this.epochFor(b)]))
    const attempt = () => {
      const next = new Map(
        [...withRows].map((b) => [b, this.nextSeq.get(b) ?? this.highestSeq(b) + 1] as const),
      )
      const seqs = rows.map((r) => {
        const seq = next.get(r.boardId)!
        next.set(r.boardId, seq + 1)
        return seq
      })
      this.pg.run(
        [
          ...boards
            .filter((b) => !withRows.has(b))
            .map((b) => ({ text: 'SELECT board_fence($1, $2)', values: [b, epochs.get(b)] })),
          ...rows.map((r, i) => ({
            text: APPEND,
            values: [r.boardId, epochs.get(r.boardId), seqs[i], r.data, checksum(r.data)],
          })),
          ...records.map(peopleQuery),
        ],
        true,
      )
      for (const [b, n] of next) this.nextSeq.set(b, n)
      return seqs
    }
    const run = () => {
      try {
        return attempt()
      } catch (e) {
        if (!(e instanceof PgError) || e.code !== '23505') throw e
        for (const b of withRows) this.nextSeq.delete(b)
        return attempt()
      }
    }
    return boards.length === 1 ? this.fenced(boards[0]!, run) : run()
  }

  readNoteChanges(boardId: string, noteId: string): StoredNoteChange[] {
    return readNoteChanges(this.pg, boardId, noteId)
  }

  readHistorySpans(boardId: string): NoteHistorySpan[] {
    return readHistorySpans(this.pg, boardId)
  }

  readClientOwners(boardId: string): { client: number; owner: string }[] {
    return readClientOwners(this.pg, boardId)
  }

  dropClientOwners(boardId: string): void {
    this.pg.query('DELETE FROM client_owners WHERE board_id = $1', [boardId])
  }

  eraseHistory(boardId: string, e: HistoryErasure): void {
    this.pg.run(eraseHistoryQueries(boardId, e), true)
  }

  /**
   * A secret every node shares, made by whichever node asks first (`make`), the same for all
   * after.
   */
  sharedSecret(name: string, make: () => string): string {
    this.pg.query(
      'INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, make()],
    )
    return this.pg.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [
      name,
    ])[0]!.value
  }

  /** True when the database answers (health checks). */
  ping(): boolean {
    try {
      this.pg.query('SELECT 1')
      return true
    } catch {
      return false
    }
  }

  close(): void {
    this.pg.close()
  }
}
