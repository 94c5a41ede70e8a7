/**
 * The one live read model of a board on this page. One observer of the document (its
 * transactions) finds which entries a transaction touched and reads only those again, so an
 * unchanged note keeps its object and its view is not drawn again; views select from the
 * published state (`useBoardSelector`), which is batched (a board of 2,000 notes stays
 * responsive while people type). Imperative bindings (the canvas) follow every transaction
 * through `onChange`, with the entries it touched and its origin, and read the current state.
 */
import {
  type BoardMeta,
  type Broadcast,
  type ClusterView,
  clustersMap,
  entryOfType,
  isLive,
  lockedThemeIds,
  type NoteView,
  notesMap,
  type PrivateWriting,
  ROOT,
  readBroadcast,
  readCluster,
  readMeta,
  readNote,
  readPrivateWriting,
  readSummon,
  readTimer,
  readVote,
  type Summon,
  type TimerState,
  type VoteMap,
  type VoteState,
  votesMap,
} from '@sensemaking/shared'
import * as Y from 'yjs'
import { SnapshotMap } from './snapshotMap'

/** The board as views see it: plain, validated values, replaced only where they changed. */
export interface BoardState {
  meta: BoardMeta
  /** Every readable note by id, soft-deleted ones included (check `deletedAt`). */
  notes: ReadonlyMap<string, NoteView>
  clusters: ReadonlyMap<string, ClusterView>
  /** Note id → voter id → dots (positive whole numbers [F5.1]); an entry per vote map. */
  votes: VoteMap
  vote: VoteState
  privateWriting: PrivateWriting
  timer: TimerState
  broadcast: Broadcast | null
  summon: Summon | null
  /** Raised on every published change, for memoising derived values. */
  version: number
}

/** What one transaction changed, as the store read it. */
export interface BoardChange {
  /** Ids of the notes it touched (added, changed, removed). */
  notes: ReadonlySet<string>
  clusters: ReadonlySet<string>
  /** Ids of the notes whose votes it touched. */
  votes: ReadonlySet<string>
  /** The board map (settings, facilitation state) changed. */
  board: boolean
  /** The board's columns or tags changed: every note and cluster was read again. */
  schema: boolean
  /** Notes readable now that were not before. */
  added: readonly string[]
  origin: unknown
  local: boolean
}

type Facilitation = Pick<BoardState, 'vote' | 'privateWriting' | 'timer' | 'broadcast' | 'summon'>

function readVoters(value: unknown): ReadonlyMap<string, number> {
  const out = new Map<string, number>()
  if (!(value instanceof Y.Map)) return out
  for (const [voter, n] of (value as Y.Map<unknown>).entries()) {
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) out.set(voter, Math.floor(n))
  }
  return out
}

function readFacilitation(doc: Y.Doc): Facilitation {
  return {
    vote: readVote(doc),
    privateWriting: readPrivateWriting(doc),
    timer: readTimer(doc),
    broadcast: readBroadcast(doc),
    summon: readSummon(doc),
  }
}

/** `next`, or `prev` when it holds the same values: views of unchanged values keep them. */
function same<T>(prev: T, next: T): T {
  return JSON.stringify(prev) === JSON.stringify(next) ? prev : next
}

const schemaKey = (m: BoardMeta) => JSON.stringify([m.columns, m.tags])

const tallies = new WeakMap<ReadonlyMap<string, NoteView>, object>()

/**
 * A token of what the notes' counts read (which notes are live, their column and lever, whether
 * they are copies from another room): the same object for published note maps whose counts are
 * the same, so a count per lever is not taken again over the whole board when someone types.
 */
export function notesTally(notes: ReadonlyMap<string, NoteView>): object {
  return tallies.get(notes) ?? notes
}

const tallyDiffers = (a: NoteView | undefined, b: NoteView | undefined) =>
  !a || !b
    ? a !== b
    : a.column !== b.column ||
      a.lever !== b.lever ||
      isLive(a) !== isLive(b) ||
      (a.source === null) !== (b.source === null)

export class BoardStore {
  // The current state, updated in every transaction.
  private meta: BoardMeta
  private readonly notes = new Map<string, NoteView>()
  private readonly clusters = new Map<string, ClusterView>()
  private readonly votes = new Map<string, ReadonlyMap<string, number>>()
  private facilitation: Facilitation
  private locked: ReadonlySet<string> = new Set()

  /** The published state, and what changed since. */
  private state: BoardState
  private readonly dirty = { notes: false, clusters: false, votes: false, board: false }
  /** Notes changed since the last published state (the published map copies only these). */
  private readonly changedNotes = new Set<string>()
  /** Every note was read again (the board's columns changed): the next copy is a whole one. */
  private allNotesChanged = false
  /** A note's liveness, column or lever changed since the last published state. */
  private tallyDirty = true
  private tally: object = {}
  private readonly remoteAdds: string[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly listeners = new Set<() => void>()
  private readonly changeListeners = new Set<(c: BoardChange) => void>()
  private readonly addListeners = new Set<(ids: string[]) => void>()
  private readonly noteListeners = new Map<string, Set<() => void>>()
  private readonly roots: ReadonlyMap<unknown, string>

  constructor(
    private readonly doc: Y.Doc,
    /** Batch window of the published state: changes within it are rendered once. */
    private readonly batchMs = 16,
  ) {
    this.roots = new Map<unknown, string>([
      [notesMap(doc), ROOT.notes],
      [clustersMap(doc), ROOT.clusters],
      [votesMap(doc), ROOT.votes],
      [doc.getMap(ROOT.board), ROOT.board],
    ])
    this.meta = readMeta(doc)
    this.facilitation = readFacilitation(doc)
    this.readAll()
    this.state = this.publish(0)
    doc.on('afterTransaction', this.onTransaction)
  }

  /** The published state (for `useSyncExternalStore`). */
  get = (): BoardState => this.state

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Follow every transaction as it ends, after the current state has taken it in. */
  onChange(fn: (change: BoardChange) => void): () => void {
    this.changeListeners.add(fn)
    return () => this.changeListeners.delete(fn)
  }

  /**
   * Follow one note: `fn` runs after each transaction that touched it, once the current state
   * (`note(id)`) has taken it in. A sticky that shows its live text subscribes here, so a
   * keystroke wakes the one sticky it changed, not every view of the board.
   */
  onNote(id: string, fn: () => void): () => void {
    const set = this.noteListeners.get(id) ?? new Set<() => void>()
    this.noteListeners.set(id, set)
    set.add(fn)
    return () => {
      set.delete(fn)
      if (set.size === 0 && this.noteListeners.get(id) === set) this.noteListeners.delete(id)
    }
  }

  /** Notes other people added (not this client's own writes), as they are published. */
  onRemoteAdd(fn: (ids: string[]) => void): () => void {
    this.addListeners.add(fn)
    return () => this.addListeners.delete(fn)
  }

  // ---- the current state (for bindings that follow every transaction) ---------------------

  /** The board's settings as they stand now. */
  currentMeta(): BoardMeta {
    return this.meta
  }

  /** A note as it stands now (soft-deleted ones included), or undefined. */
  note(id: string): NoteView | undefined {
    return this.notes.get(id)
  }

  /** Every note as it stands now. */
  allNotes(): ReadonlyMap<string, NoteView> {
    return this.notes
  }

  cluster(id: string): ClusterView | undefined {
    return this.clusters.get(id)
  }

  allClusters(): ReadonlyMap<string, ClusterView> {
    return this.clusters
  }

  /** The ids of the locked themes now [F8.8]. */
  lockedThemes(): ReadonlySet<string> {
    return this.locked
  }

  /** The private writing round as it stands now [F8.3]. */
  currentPrivateWriting(): PrivateWriting {
    return this.facilitation.privateWriting
  }

  /** Publish pending changes now (tests, and a view that reads right after its own write). */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const d = this.dirty
    if (!d.notes && !d.clusters && !d.votes && !d.board) return
    this.state = this.publish(this.state.version + 1)
    d.notes = d.clusters = d.votes = d.board = false
    for (const fn of this.listeners) fn()
    if (this.remoteAdds.length > 0) {
      const ids = this.remoteAdds.splice(0).filter((id) => this.state.notes.has(id))
      if (ids.length > 0) for (const fn of this.addListeners) fn(ids)
    }
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.doc.off('afterTransaction', this.onTransaction)
    this.listeners.clear()
    this.changeListeners.clear()
    this.addListeners.clear()
    this.noteListeners.clear()
  }

  private publish(version: number): BoardState {
    const prev = this.state as BoardState | undefined
    const d = this.dirty
    const copy = <T>(changed: boolean, now: T, before: T | undefined, clone: (v: T) => T) =>
      !prev || changed ? clone(now) : (before as T)
    // A copy in proportion to the notes changed since (snapshotMap.ts), not to the board.
    const before = prev?.notes instanceof SnapshotMap ? prev.notes : null
    const notes =
      !before || this.allNotesChanged
        ? SnapshotMap.of(this.notes)
        : d.notes
          ? before.next(this.notes, this.changedNotes)
          : before
    this.changedNotes.clear()
    this.allNotesChanged = false
    if (this.tallyDirty) this.tally = {}
    this.tallyDirty = false
    tallies.set(notes, this.tally)
    return {
      meta: this.meta,
      notes,
      clusters: copy(d.clusters, this.clusters, prev?.clusters, (m) => new Map(m)),
      votes: copy(d.votes, this.votes, prev?.votes, (m) => new Map(m)),
      ...this.facilitation,
      version,
    }
  }

  private readAll(): void {
    this.notes.clear()
    notesMap(this.doc).forEach((v, id) => {
      const n = readNote(id, v, this.meta).note
      if (n) this.notes.set(id, n)
    })
    this.clusters.clear()
    clustersMap(this.doc).forEach((v, id) => {
      const c = readCluster(id, v, this.meta).cluster
      if (c) this.clusters.set(id, c)
    })
    this.votes.clear()
    votesMap(this.doc).forEach((v, id) => {
      if (v instanceof Y.Map) this.votes.set(id, readVoters(v))
    })
    this.locked = lockedThemeIds(this.clusters.values())
  }

  private schedule(): void {
    this.timer ??= setTimeout(this.flush, this.batchMs)
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    const notes = new Set<string>()
    const clusters = new Set<string>()
    const votes = new Set<string>()
    let board = false
    const into: Record<string, Set<string>> = {
      [ROOT.notes]: notes,
      [ROOT.clusters]: clusters,
      [ROOT.votes]: votes,
    }
    for (const [type, keys] of tr.changed) {
      const entry = entryOfType(type)
      const root = entry && this.roots.get(entry.root)
      if (!entry || !root) continue
      if (root === ROOT.board) {
        board = true
        continue
      }
      const set = into[root]!
      if (entry.key !== null) set.add(entry.key)
      else for (const k of keys) if (k !== null) set.add(k)
    }
    if (!board && notes.size === 0 && clusters.size === 0 && votes.size === 0) return

    let schema = false
    if (board) {
      const meta = readMeta(this.doc)
      schema = schemaKey(meta) !== schemaKey(this.meta)
      this.meta = same(this.meta, meta)
      const f = readFacilitation(this.doc)
      const prev = this.facilitation
      this.facilitation = {
        vote: same(prev.vote, f.vote),
        privateWriting: same(prev.privateWriting, f.privateWriting),
        timer: same(prev.timer, f.timer),
        broadcast: same(prev.broadcast, f.broadcast),
        summon: same(prev.summon, f.summon),
      }
      this.dirty.board = true
    }
    const added: string[] = []
    if (schema) {
      // Notes and clusters are read against the board's columns and tags [F2.2].
      const before = new Set(this.notes.keys())
      this.readAll()
      for (const id of this.notes.keys()) {
        notes.add(id)
        if (!before.has(id)) added.push(id)
      }
      for (const id of before) notes.add(id)
      for (const id of this.clusters.keys()) clusters.add(id)
      this.tallyDirty = true
      this.allNotesChanged = true
      this.dirty.notes = this.dirty.clusters = this.dirty.votes = true
    } else {
      for (const id of notes) {
        const n = readNote(id, notesMap(this.doc).get(id), this.meta).note
        if (n && !this.notes.has(id)) added.push(id)
        if (!this.tallyDirty && tallyDiffers(this.notes.get(id), n ?? undefined)) {
          this.tallyDirty = true
        }
        if (n) this.notes.set(id, n)
        else this.notes.delete(id)
        this.changedNotes.add(id)
      }
      for (const id of clusters) {
        const c = readCluster(id, clustersMap(this.doc).get(id), this.meta).cluster
        if (c) this.clusters.set(id, c)
        else this.clusters.delete(id)
      }
      if (clusters.size > 0) this.locked = lockedThemeIds(this.clusters.values())
      for (const id of votes) {
        const v = votesMap(this.doc).get(id)
        if (v instanceof Y.Map) this.votes.set(id, readVoters(v))
        else this.votes.delete(id)
      }
      if (notes.size > 0) this.dirty.notes = true
      if (clusters.size > 0) this.dirty.clusters = true
      if (votes.size > 0) this.dirty.votes = true
    }
    if (!tr.local) this.remoteAdds.push(...added)
    const change: BoardChange = {
      notes,
      clusters,
      votes,
      board,
      schema,
      added,
      origin: tr.origin,
      local: tr.local,
    }
    for (const fn of this.changeListeners) fn(change)
    if (this.noteListeners.size > 0) {
      for (const id of notes) {
        const set = this.noteListeners.get(id)
        if (set) for (const fn of [...set]) fn()
      }
    }
    this.schedule()
  }
}
