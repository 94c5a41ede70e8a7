/**
 * BoardStorage on SQLite (better-sqlite3): WAL journal, synchronous=NORMAL, prepared statements.
 *
 * Durability: with WAL and synchronous=NORMAL a commit is in the WAL file (in the OS page cache)
 * when appendUpdate returns, so a crash or `kill -9` of the process loses nothing; a power cut or
 * kernel crash can lose the last transactions not yet synced by a checkpoint (typically the
 * last second or so of edits), never the database's consistency.
 *
 * The append is the server's most frequent write (one per edit), so it is kept to one B-tree
 * row and its index entry: sequence numbers are handed out here (see `SeqCounter`) instead of by
 * AUTOINCREMENT, whose sqlite_sequence row was a third page written by every commit; and the
 * WAL is copied back into the database (a checkpoint, 1 to 5 ms with its fsyncs) right after the
 * write's turn of the event loop, once every `CHECKPOINT_EVERY` appends, instead of inside the
 * commit of whichever append crossed SQLite's threshold, where it held up that edit's relay.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { checksum } from './checksum'
import { type BoardRow, type SessionRow, toBoard, toSession } from './rows'
import { PEOPLE_SCHEMA, SqlitePeople } from './sqlitePeople'
import { REBASE_SCHEMA, SqliteRebases } from './sqliteRebases'
import { INCREMENTAL, tableSql, upgradeLayout } from './sqliteUpgrade'
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
  StoredSnapshot,
  StoredUpdate,
  TokenScope,
} from './types'

/** The database file inside the data dir. */
export const DB_FILE = 'boards.sqlite'
/**
 * 2: sequence numbers are given by the server (`updates` made since have no AUTOINCREMENT; older
 * tables keep theirs, which explicit numbers respect). A version-1 server would number rows
 * itself and could reuse a compacted number, so it refuses the data dir.
 * 3: deleted content is overwritten (secure_delete) since the file was made or vacuumed, so an
 * erasure leaves nothing in free pages [F13.5]; a file of an earlier version is vacuumed once
 * when opened, and a version-2 server (which would not overwrite) refuses it.
 */
const SCHEMA_VERSION = 3
/** The first version whose deleted content was always overwritten. */
const SECURE_SINCE = 3
/** Appends between two checkpoints (each append writes 2 to 3 WAL pages). */
export const CHECKPOINT_EVERY = 300
/**
 * SQLite's own checkpoint, inside a commit, stays as the backstop for large writes (snapshots):
 * in pages, above what CHECKPOINT_EVERY appends write.
 */
const AUTOCHECKPOINT_PAGES = 4000
/** How long a statement waits for another connection's lock. */
const BUSY_WAIT_MS = 5000
/** How long a scrub waits for a reader before it reports that it must be tried again. */
const SCRUB_WAIT_MS = 250

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, template TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER, erased_at INTEGER);
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, name TEXT NOT NULL,
  position INTEGER NOT NULL, created_at INTEGER NOT NULL, plenary INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS boards_by_session ON boards (session_id, position);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY, board_id TEXT NOT NULL, data BLOB NOT NULL, crc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS updates_by_board ON updates (board_id, seq);
CREATE TABLE IF NOT EXISTS snapshots (
  board_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL, crc INTEGER NOT NULL,
  created_at INTEGER NOT NULL, state_vector BLOB);
CREATE TABLE IF NOT EXISTS token_generations (
  scope TEXT NOT NULL, id TEXT NOT NULL, role TEXT NOT NULL, generation INTEGER NOT NULL,
  PRIMARY KEY (scope, id, role)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS board_stats (
  board_id TEXT PRIMARY KEY, stats TEXT NOT NULL, updated_at INTEGER NOT NULL);
`

interface DataRow {
  seq: number
  data: Buffer | null
  crc: number
}
interface SnapshotRow extends DataRow {
  state_vector: Buffer | null
}

export interface SqliteOptions {
  /** Open for reading only (a second process, e.g. the harvest command line). */
  readonly?: boolean
  now?: () => number
}

/** Open (and create when missing) the board database in `dataDir`. */
export function openSqliteStorage(dataDir: string, opts: SqliteOptions = {}): BoardStorage {
  if (!opts.readonly) mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DB_FILE), {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
  })
  return new SqliteStorage(db, opts)
}

function hasTable(db: Database.Database, name: string): boolean {
  return tableSql(db, name) !== undefined
}

/** Data dirs made before a column existed get it, empty. */
function addMissingColumn(db: Database.Database, table: string, column: string, type: string) {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]
  if (!columns.some((c) => c.name === column)) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`)
  }
}

/** Rewrite the whole file (no free pages, no leftovers in live ones), then truncate the WAL. */
function vacuum(db: Database.Database): void {
  db.exec('VACUUM')
  db.pragma('wal_checkpoint(TRUNCATE)')
}

class SqliteStorage implements BoardStorage {
  private readonly now: () => number
  private readonly q
  private readonly rebases: SqliteRebases | null
  /** Who writes the boards [F14.7], [F14.8]; null in a read-only store made before them. */
  private readonly people: SqlitePeople | null
  /** The next row's sequence number (writable stores). */
  private nextSeq = 0
  private appendsSinceCheckpoint = 0
  private checkpointTimer: NodeJS.Immediate | null = null
  /** Rows of several boards in one transaction (the server's group commit). */
  private readonly appendMany: (rows: readonly AppendRow[]) => number[]
  /** Rows with the records of who writes, in one transaction (made once, like appendMany). */
  private readonly appendWithRecords:
    | ((rows: readonly AppendRow[], records: readonly PeopleRecord[]) => number[])
    | null
  private readonly hasPlenary: boolean
  private retentionQ: {
    insertSession: Database.Statement
    setExpiry: Database.Statement
    setErased: Database.Statement
  } | null = null

  constructor(
    private readonly db: Database.Database,
    opts: SqliteOptions,
  ) {
    this.now = opts.now ?? Date.now
    // A reader waits for a checkpoint instead of failing with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`)
    // better-sqlite3 builds SQLite with a 16 MB page cache; the server appends and reads each
    // board's rows once per load, so SQLite's own default (2 MB) serves it as well and keeps a
    // long session's database out of the server's resident memory.
    db.pragma('cache_size = -2000')
    if (!opts.readonly) {
      // A new file gives its free pages back (incremental_vacuum at a clean stop, close()): a
      // compaction or a new epoch deletes a board's rows, whose pages would otherwise stay in
      // the file. Set before the first table; an older file gets it with one VACUUM (below).
      if (!hasTable(db, 'sessions') && !hasTable(db, 'updates')) {
        db.pragma(`auto_vacuum = ${INCREMENTAL}`)
      }
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
      // Every deletion overwrites what it deletes, free pages included, so erased words are
      // not left in the file [F13.5]. Costs writes only when rows are deleted (compactions).
      db.pragma('secure_delete = ON')
      const version = db.pragma('user_version', { simple: true }) as number
      if (version > SCHEMA_VERSION) {
        throw new Error(`The data dir was written by a newer version (schema ${version})`)
      }
      const existed = hasTable(db, 'sessions') || hasTable(db, 'updates')
      const upgrade = upgradeLayout(db, existed, () => {
        db.exec(SCHEMA)
        db.exec(REBASE_SCHEMA)
        db.exec(PEOPLE_SCHEMA)
      })
      addMissingColumn(db, 'snapshots', 'state_vector', 'BLOB')
      addMissingColumn(db, 'sessions', 'expires_at', 'INTEGER')
      addMissingColumn(db, 'sessions', 'erased_at', 'INTEGER')
      // Data dirs made before plenaries: every board is a breakout. A server of before reads
      // the column's boards as breakouts, so the schema's version stays.
      addMissingColumn(db, 'boards', 'plenary', 'INTEGER NOT NULL DEFAULT 0')
      db.exec(
        'CREATE UNIQUE INDEX IF NOT EXISTS boards_one_plenary ON boards (session_id) WHERE plenary = 1',
      )
      // A file written without secure_delete may keep deleted words in free pages and in the
      // unused parts of live ones: rewritten once, then every deletion is overwritten.
      // Once, too, for a file made before free pages were given back (sqliteUpgrade.ts).
      if ((existed && version < SECURE_SINCE) || upgrade.vacuum) vacuum(db)
      // Written only when it changes: setting it is a write transaction of its own at every start.
      if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
    }
    // A read-only store of a data dir made before epochs has no such table: nothing rebased.
    this.rebases = hasTable(db, 'board_rebases') ? new SqliteRebases(db) : null
    this.people = hasTable(db, 'note_changes') ? new SqlitePeople(db) : null
    // A read-only store of a data dir made before plenaries has no such column: it writes no
    // board anyway.
    const hasPlenary = (db.prepare('PRAGMA table_info(boards)').all() as { name: string }[]).some(
      (c) => c.name === 'plenary',
    )
    this.hasPlenary = hasPlenary
    this.q = {
      rowsLater: db.prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM updates WHERE board_id = ? AND seq > ?',
      ),
      deleteAll: db.prepare('DELETE FROM updates WHERE board_id = ?'),
      insertBoard: db.prepare(
        hasPlenary
          ? 'INSERT INTO boards (id, session_id, name, position, created_at, plenary) VALUES (?, ?, ?, ?, ?, ?)'
          : 'INSERT INTO boards (id, session_id, name, position, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      listSessions: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY created_at, id'),
      getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      listBoards: db.prepare<[string], BoardRow>(
        'SELECT * FROM boards WHERE session_id = ? ORDER BY position, id',
      ),
      append: db.prepare('INSERT INTO updates (seq, board_id, data, crc) VALUES (?, ?, ?, ?)'),
      snapshot: db.prepare<[string], SnapshotRow>(
        'SELECT seq, data, crc, state_vector FROM snapshots WHERE board_id = ?',
      ),
      rowsAfter: db.prepare<[string, number], DataRow>(
        'SELECT seq, data, crc FROM updates WHERE board_id = ? AND seq > ? ORDER BY seq',
      ),
      putSnapshot: db.prepare(
        'INSERT OR REPLACE INTO snapshots (board_id, seq, data, crc, created_at, state_vector) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deleteUpTo: db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      getGen: db.prepare<[string, string, string], { generation: number }>(
        'SELECT generation FROM token_generations WHERE scope = ? AND id = ? AND role = ?',
      ),
      bumpGen: db.prepare(
        `INSERT INTO token_generations (scope, id, role, generation) VALUES (?, ?, ?, 1)
         ON CONFLICT (scope, id, role) DO UPDATE SET generation = generation + 1`,
      ),
      getStats: db.prepare<[string], { stats: string }>(
        'SELECT stats FROM board_stats WHERE board_id = ?',
      ),
      putStats: db.prepare(
        'INSERT OR REPLACE INTO board_stats (board_id, stats, updated_at) VALUES (?, ?, ?)',
      ),
    }
    if (!opts.readonly) this.nextSeq = this.highestSeq() + 1
    this.appendMany = db.transaction((rows: readonly AppendRow[]) =>
      rows.map((r) => this.insertRow(r.boardId, r.data)),
    )
    const people = this.people
    this.appendWithRecords = people
      ? db.transaction((rows: readonly AppendRow[], records: readonly PeopleRecord[]) => {
          const out = rows.map((r) => this.insertRow(r.boardId, r.data))
          people.applyAll(records)
          return out
        })
      : null
  }

  /**
   * Statements on the retention columns, made on first use: a read-only store of a data dir
   * made before them has no such columns (its sessions read with none set).
   */
  private get retention() {
    this.retentionQ ??= {
      insertSession: this.db.prepare(
        'INSERT INTO sessions (id, title, template, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      setExpiry: this.db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?'),
      setErased: this.db.prepare('UPDATE sessions SET erased_at = ? WHERE id = ?'),
    }
    return this.retentionQ
  }

  createSession(
    session: SessionRecord,
    boards: readonly { board: BoardRecord; initialUpdate: Uint8Array }[],
  ): void {
    this.db.transaction(() => {
      this.retention.insertSession.run(
        session.id,
        session.title,
        session.template,
        session.createdAt,
        session.expiresAt ?? null,
      )
      for (const { board, initialUpdate } of boards) this.insertBoard(board, initialUpdate)
    })()
  }

  addBoard(board: BoardRecord, initialUpdate: Uint8Array): void {
    this.db.transaction(() => {
      if (!this.q.getSession.get(board.sessionId)) {
        throw new Error(`no session ${board.sessionId}`)
      }
      this.insertBoard(board, initialUpdate)
    })()
  }

  private insertBoard(board: BoardRecord, initialUpdate: Uint8Array): void {
    this.q.insertBoard.run(
      board.id,
      board.sessionId,
      board.name,
      board.position,
      board.createdAt,
      ...(this.hasPlenary ? [board.plenary ? 1 : 0] : []),
    )
    this.insertRow(board.id, initialUpdate)
  }

  getSession(id: string): SessionRecord | null {
    const r = this.q.getSession.get(id)
    return r ? toSession(r) : null
  }

  listSessions(): SessionRecord[] {
    return this.q.listSessions.all().map(toSession)
  }

  getBoard(id: string): BoardRecord | null {
    const r = this.q.getBoard.get(id)
    return r ? toBoard(r) : null
  }

  listBoards(sessionId: string): BoardRecord[] {
    return this.q.listBoards.all(sessionId).map(toBoard)
  }

  appendUpdate(boardId: string, data: Uint8Array): number {
    const seq = this.insertRow(boardId, data)
    if (++this.appendsSinceCheckpoint >= CHECKPOINT_EVERY) this.scheduleCheckpoint()
    return seq
  }

  appendUpdates(rows: readonly AppendRow[]): number[] {
    if (rows.length === 1) return [this.appendUpdate(rows[0]!.boardId, rows[0]!.data)]
    const next = this.nextSeq
    let seqs: number[]
    try {
      seqs = this.appendMany(rows)
    } catch (e) {
      // Rolled back: the numbers it took are free again.
      this.nextSeq = next
      throw e
    }
    this.appendsSinceCheckpoint += rows.length
    if (this.appendsSinceCheckpoint >= CHECKPOINT_EVERY) this.scheduleCheckpoint()
    return seqs
  }

  /**
   * Insert one row under the next sequence number. Numbers only grow, also past compactions
   * (see highestSeq); should another writer have taken the number, count on from the table's.
   */
  private insertRow(boardId: string, data: Uint8Array): number {
    const crc = checksum(data)
    let seq = this.nextSeq
    try {
      this.q.append.run(seq, boardId, data, crc)
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e
      seq = this.highestSeq() + 1
      this.q.append.run(seq, boardId, data, crc)
    }
    this.nextSeq = seq + 1
    return seq
  }

  /**
   * The highest sequence number ever given: of the rows, of the snapshots (whose rows compaction
   * deleted) and, in tables made with AUTOINCREMENT, of SQLite's own counter. A number at or
   * below a board's snapshot would be skipped when the board loads.
   */
  private highestSeq(): number {
    const row = this.db
      .prepare<[], { s: number | null }>(
        `SELECT max(ifnull((SELECT max(seq) FROM updates), 0),
                    ifnull((SELECT max(seq) FROM snapshots), 0)) AS s`,
      )
      .get()
    let highest = row?.s ?? 0
    const hasSequence = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
      .get()
    if (hasSequence) {
      const auto = this.db
        .prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'updates'")
        .get()
      highest = Math.max(highest, auto?.seq ?? 0)
    }
    return highest
  }

  /**
   * Copy the WAL back into the database after this turn of the event loop (the append's edit is
   * relayed by then). PASSIVE: it never waits for a reader (the harvest command line).
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer) return
    this.checkpointTimer = setImmediate(() => {
      this.checkpointTimer = null
      this.appendsSinceCheckpoint = 0
      if (!this.db.open) return
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)')
      } catch {
        // Best effort: SQLite's own checkpoint (AUTOCHECKPOINT_PAGES) still bounds the WAL.
      }
    })
  }

  loadBoard(boardId: string): LoadedBoard {
    return this.db.transaction((): LoadedBoard => {
      let corrupt = 0
      let snapshot: StoredSnapshot | null = null
      let lastSeq = 0
      const s = this.q.snapshot.get(boardId)
      if (s) {
        lastSeq = s.seq
        if (s.data && checksum(s.data) === s.crc) {
          snapshot = { seq: s.seq, data: s.data, stateVector: s.state_vector }
        } else corrupt++
      }
      const updates: StoredUpdate[] = []
      let logBytes = 0
      for (const r of this.q.rowsAfter.iterate(boardId, s?.seq ?? 0)) {
        lastSeq = r.seq
        if (!r.data || checksum(r.data) !== r.crc) {
          corrupt++
          continue
        }
        updates.push({ seq: r.seq, data: r.data })
        logBytes += r.data.length
      }
      return { snapshot, updates, corrupt, lastSeq, logBytes }
    })()
  }

  compact(boardId: string, snapshot: Uint8Array, upToSeq: number, stateVector?: Uint8Array): void {
    this.db.transaction(() => {
      const sv = stateVector ?? null
      this.q.putSnapshot.run(boardId, upToSeq, snapshot, checksum(snapshot), this.now(), sv)
      this.q.deleteUpTo.run(boardId, upToSeq)
    })()
  }

  readRebase(boardId: string): RebaseRecord | null {
    return this.rebases?.read(boardId) ?? null
  }

  retiredClients(boardId: string): number[] {
    return this.rebases?.retired(boardId) ?? []
  }

  rebase(boardId: string, r: RebaseWrite): number {
    const rebases = this.rebases
    if (!rebases) throw new Error('a read-only store cannot rebase')
    return this.db.transaction(() => {
      this.compact(boardId, r.fresh, r.upToSeq, r.stateVector)
      return rebases.write(boardId, r.base, r.retired, this.now())
    })()
  }

  erase(boardId: string, w: EraseWrite): number {
    const rebases = this.rebases
    if (!rebases) throw new Error('a read-only store cannot erase')
    const epoch = this.db.transaction(() => {
      if ((this.q.rowsLater.get(boardId, w.upToSeq)?.n ?? 0) > 0) {
        throw new Error('the board changed after its erasure was planned')
      }
      this.q.deleteAll.run(boardId)
      this.compact(boardId, w.fresh, w.upToSeq, w.stateVector)
      return rebases.write(boardId, w.base, w.retired, this.now())
    })()
    return epoch
  }

  /**
   * Copy the WAL into the database and truncate it: the WAL file keeps old page images (the
   * erased words among them) until it is overwritten, and secure_delete only clears the
   * database's own pages. Waits up to the busy timeout for a reader (the harvest command line).
   */
  scrub(): boolean {
    if (this.checkpointTimer) clearImmediate(this.checkpointTimer)
    this.checkpointTimer = null
    this.appendsSinceCheckpoint = 0
    // Wait briefly only: the caller tries again later rather than hold the event loop.
    this.db.pragma(`busy_timeout = ${SCRUB_WAIT_MS}`)
    try {
      const r = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      return r[0]?.busy === 0
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`)
    }
  }

  setSessionExpiry(id: string, expiresAt: number | null): void {
    this.retention.setExpiry.run(expiresAt, id)
  }

  markSessionErased(id: string, at: number): void {
    this.retention.setErased.run(at, id)
  }

  getGeneration(scope: TokenScope, id: string, role: string): number {
    return this.q.getGen.get(scope, id, role)?.generation ?? 0
  }

  bumpGeneration(scope: TokenScope, id: string, role: string): number {
    return this.db.transaction(() => {
      this.q.bumpGen.run(scope, id, role)
      return this.getGeneration(scope, id, role)
    })()
  }

  readStats(boardId: string): BoardStats | null {
    const r = this.q.getStats.get(boardId)
    if (!r) return null
    try {
      return JSON.parse(r.stats) as BoardStats
    } catch {
      return null
    }
  }

  writeStats(boardId: string, stats: BoardStats): void {
    this.q.putStats.run(boardId, JSON.stringify(stats), stats.updatedAt)
  }

  appendTurn(rows: readonly AppendRow[], records: readonly PeopleRecord[]): number[] {
    if (records.length === 0) return rows.length > 0 ? this.appendUpdates(rows) : []
    const write = this.appendWithRecords
    if (!write) throw new Error('a read-only store cannot write')
    const next = this.nextSeq
    let seqs: number[]
    try {
      seqs = write(rows, records)
    } catch (e) {
      this.nextSeq = next
      throw e
    }
    this.appendsSinceCheckpoint += rows.length + records.length
    if (this.appendsSinceCheckpoint >= CHECKPOINT_EVERY) this.scheduleCheckpoint()
    return seqs
  }

  readNoteChanges(boardId: string, noteId: string): StoredNoteChange[] {
    return this.people?.noteChanges(boardId, noteId) ?? []
  }

  readHistorySpans(boardId: string): NoteHistorySpan[] {
    return this.people?.spans(boardId) ?? []
  }

  readClientOwners(boardId: string): { client: number; owner: string }[] {
    return this.people?.clientOwners(boardId) ?? []
  }

  dropClientOwners(boardId: string): void {
    this.people?.dropOwners(boardId)
  }

  eraseHistory(boardId: string, e: HistoryErasure): void {
    if (!this.people) throw new Error('a read-only store cannot erase')
    this.people.erase(boardId, e)
  }

  close(): void {
    if (this.checkpointTimer) clearImmediate(this.checkpointTimer)
    this.checkpointTimer = null
    if (!this.db.open) return
    if (!this.db.readonly) this.giveBackFreePages()
    this.db.close()
  }

  /** A clean stop returns the file's free pages to the file system (files made since, above). */
  private giveBackFreePages(): void {
    try {
      if (this.db.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL) return
      if ((this.db.pragma('freelist_count', { simple: true }) as number) === 0) return
      this.db.pragma('incremental_vacuum')
    } catch {
      // Best effort: the pages stay free in the file, reused by later writes.
    }
  }
}
