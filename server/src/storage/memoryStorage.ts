/**
 * BoardStorage in memory: for tests and for trying the server without a disk. Rows keep their
 * checksum like the SQLite store, so corruption is detected the same way.
 */
import { checksum } from './checksum'
import { MemoryPeople } from './memoryPeople'
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

interface Row {
  seq: number
  boardId: string
  data: Uint8Array
  crc: number
  stateVector?: Uint8Array | null
}

export class MemoryStorage implements BoardStorage {
  private readonly sessions = new Map<string, SessionRecord>()
  private readonly boards = new Map<string, BoardRecord>()
  private readonly rows = new Map<string, Row[]>()
  private readonly snapshots = new Map<string, Row>()
  private readonly generations = new Map<string, number>()
  private readonly stats = new Map<string, string>()
  private readonly rebases = new Map<string, RebaseRecord>()
  private readonly people = new MemoryPeople()
  private seq = 0
  private closed = false

  private check() {
    if (this.closed) throw new Error('storage is closed')
  }

  createSession(
    session: SessionRecord,
    boards: readonly { board: BoardRecord; initialUpdate: Uint8Array }[],
  ): void {
    this.check()
    if (this.sessions.has(session.id)) throw new Error(`session ${session.id} exists`)
    for (const { board } of boards) {
      if (this.boards.has(board.id)) throw new Error(`board ${board.id} exists`)
    }
    const plenaries = boards.filter((b) => b.board.plenary).length
    if (plenaries > 1) throw new Error(`session ${session.id} has ${plenaries} plenaries`)
    this.sessions.set(session.id, {
      ...session,
      expiresAt: session.expiresAt ?? null,
      erasedAt: session.erasedAt ?? null,
    })
    for (const { board, initialUpdate } of boards) {
      this.boards.set(board.id, { ...board })
      this.appendUpdate(board.id, initialUpdate)
    }
  }

  addBoard(board: BoardRecord, initialUpdate: Uint8Array): void {
    this.check()
    if (!this.sessions.has(board.sessionId)) throw new Error(`no session ${board.sessionId}`)
    if (this.boards.has(board.id)) throw new Error(`board ${board.id} exists`)
    if (board.plenary && this.listBoards(board.sessionId).some((b) => b.plenary)) {
      throw new Error(`session ${board.sessionId} has a plenary`)
    }
    this.boards.set(board.id, { ...board })
    this.appendUpdate(board.id, initialUpdate)
  }

  getSession(id: string): SessionRecord | null {
    this.check()
    const s = this.sessions.get(id)
    return s ? { ...s } : null
  }

  listSessions(): SessionRecord[] {
    this.check()
    return [...this.sessions.values()]
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((s) => ({ ...s }))
  }

  getBoard(id: string): BoardRecord | null {
    this.check()
    const b = this.boards.get(id)
    return b ? { ...b } : null
  }

  listBoards(sessionId: string): BoardRecord[] {
    this.check()
    return [...this.boards.values()]
      .filter((b) => b.sessionId === sessionId)
      .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
      .map((b) => ({ ...b }))
  }

  appendUpdate(boardId: string, data: Uint8Array): number {
    this.check()
    const seq = ++this.seq
    const copy = data.slice()
    const list = this.rows.get(boardId) ?? []
    list.push({ seq, boardId, data: copy, crc: checksum(copy) })
    this.rows.set(boardId, list)
    return seq
  }

  appendUpdates(rows: readonly AppendRow[]): number[] {
    this.check()
    return rows.map((r) => this.appendUpdate(r.boardId, r.data))
  }

  loadBoard(boardId: string): LoadedBoard {
    this.check()
    let corrupt = 0
    let snapshot: StoredSnapshot | null = null
    let lastSeq = 0
    const s = this.snapshots.get(boardId)
    if (s) {
      lastSeq = s.seq
      if (checksum(s.data) === s.crc) {
        snapshot = { seq: s.seq, data: s.data.slice(), stateVector: s.stateVector?.slice() ?? null }
      } else corrupt++
    }
    const updates: StoredUpdate[] = []
    let logBytes = 0
    for (const r of this.rows.get(boardId) ?? []) {
      if (r.seq <= (s?.seq ?? 0)) continue
      lastSeq = r.seq
      if (checksum(r.data) !== r.crc) {
        corrupt++
        continue
      }
      updates.push({ seq: r.seq, data: r.data.slice() })
      logBytes += r.data.length
    }
    return { snapshot, updates, corrupt, lastSeq, logBytes }
  }

  compact(boardId: string, snapshot: Uint8Array, upToSeq: number, stateVector?: Uint8Array): void {
    this.check()
    const copy = snapshot.slice()
    this.snapshots.set(boardId, {
      seq: upToSeq,
      boardId,
      data: copy,
      crc: checksum(copy),
      stateVector: stateVector?.slice() ?? null,
    })
    this.rows.set(
      boardId,
      (this.rows.get(boardId) ?? []).filter((r) => r.seq > upToSeq),
    )
  }

  readRebase(boardId: string): RebaseRecord | null {
    this.check()
    const r = this.rebases.get(boardId)
    return r ? { ...r, base: r.base.slice(), retired: [...r.retired] } : null
  }

  retiredClients(boardId: string): number[] {
    this.check()
    return [...(this.rebases.get(boardId)?.retired ?? [])]
  }

  rebase(boardId: string, r: RebaseWrite): number {
    this.check()
    const prev = this.rebases.get(boardId)
    const epoch = (prev?.epoch ?? 0) + 1
    this.compact(boardId, r.fresh, r.upToSeq, r.stateVector)
    this.rebases.set(boardId, {
      epoch,
      base: r.base.slice(),
      retired: [...new Set([...(prev?.retired ?? []), ...r.retired])],
      rebasedAt: Date.now(),
    })
    return epoch
  }

  erase(boardId: string, w: EraseWrite): number {
    this.check()
    if ((this.rows.get(boardId) ?? []).some((r) => r.seq > w.upToSeq)) {
      throw new Error('the board changed after its erasure was planned')
    }
    this.rows.delete(boardId)
    return this.rebase(boardId, w)
  }

  scrub(): boolean {
    this.check()
    return true
  }

  setSessionExpiry(id: string, expiresAt: number | null): void {
    this.check()
    const s = this.sessions.get(id)
    if (s) s.expiresAt = expiresAt
  }

  markSessionErased(id: string, at: number): void {
    this.check()
    const s = this.sessions.get(id)
    if (s) s.erasedAt = at
  }

  getGeneration(scope: TokenScope, id: string, role: string): number {
    this.check()
    return this.generations.get(`${scope}|${id}|${role}`) ?? 0
  }

  bumpGeneration(scope: TokenScope, id: string, role: string): number {
    this.check()
    const next = this.getGeneration(scope, id, role) + 1
    this.generations.set(`${scope}|${id}|${role}`, next)
    return next
  }

  readStats(boardId: string): BoardStats | null {
    this.check()
    const s = this.stats.get(boardId)
    return s ? (JSON.parse(s) as BoardStats) : null
  }

  writeStats(boardId: string, stats: BoardStats): void {
    this.check()
    this.stats.set(boardId, JSON.stringify(stats))
  }

  appendTurn(rows: readonly AppendRow[], records: readonly PeopleRecord[]): number[] {
    this.check()
    for (const r of records) this.people.check(r)
    // The rows first: when they fail, no record is kept either.
    const seqs = rows.length > 0 ? this.appendUpdates(rows) : []
    for (const r of records) this.people.apply(r)
    return seqs
  }

  readNoteChanges(boardId: string, noteId: string): StoredNoteChange[] {
    this.check()
    return this.people.noteChanges(boardId, noteId)
  }

  readHistorySpans(boardId: string): NoteHistorySpan[] {
    this.check()
    return this.people.spans(boardId)
  }

  readClientOwners(boardId: string): { client: number; owner: string }[] {
    this.check()
    return this.people.clientOwners(boardId)
  }

  dropClientOwners(boardId: string): void {
    this.check()
    this.people.dropOwners(boardId)
  }

  eraseHistory(boardId: string, e: HistoryErasure): void {
    this.check()
    this.people.erase(boardId, e)
  }

  close(): void {
    this.closed = true
  }

  /** Test hook: damage a row's bytes without fixing its checksum. */
  corruptRow(seq: number): void {
    for (const list of this.rows.values()) {
      const r = list.find((x) => x.seq === seq)
      if (r) r.data = Uint8Array.from([1, 2, 3])
    }
  }

  /** Test hook: damage a board's snapshot. */
  corruptSnapshot(boardId: string): void {
    const s = this.snapshots.get(boardId)
    if (s) s.data = Uint8Array.from([9])
  }
}
