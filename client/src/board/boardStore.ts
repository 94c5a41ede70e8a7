/**
 * A live, incrementally updated read of a board for the columns view. Changes are collected
 * from observeDeep and applied in batches: only the notes a transaction touched are read
 * again, so an unchanged note keeps its object and its card is not rendered again (a board
 * of 2,000 notes stays responsive while people type).
 */
import {
  type BoardMeta,
  type ClusterView,
  clustersMap,
  type NoteView,
  notesMap,
  readCluster,
  readNote,
  votesMap,
} from '@sensemaking/shared'
import * as Y from 'yjs'

export interface BoardData {
  /** Every readable note by id, soft-deleted ones included. */
  notes: ReadonlyMap<string, NoteView>
  clusters: ReadonlyMap<string, ClusterView>
  /** note id → voter id → dots (positive whole numbers only [F5.1]). */
  votes: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Raised on every change, for memoising derived values. */
  version: number
}

type Events = Array<Y.YEvent<Y.AbstractType<unknown>>>

/** Ids a batch of events touched: keys of the root map, or the first step of a deeper path. */
function touched(events: Events, root: unknown, into: Set<string>) {
  for (const e of events) {
    if (e.target === root) for (const k of e.changes.keys.keys()) into.add(k)
    else if (typeof e.path[0] === 'string') into.add(e.path[0])
  }
}

function readVoters(value: unknown): Map<string, number> {
  const out = new Map<string, number>()
  if (!(value instanceof Y.Map)) return out
  for (const [voter, n] of (value as Y.Map<unknown>).entries()) {
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) out.set(voter, Math.floor(n))
  }
  return out
}

export class BoardCache {
  private data: BoardData
  private readonly dirtyNotes = new Set<string>()
  private readonly dirtyVotes = new Set<string>()
  private dirtyClusters = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly listeners = new Set<() => void>()
  private readonly addListeners = new Set<(ids: string[]) => void>()
  private readonly remoteAdds: string[] = []

  constructor(
    private readonly doc: Y.Doc,
    private readonly meta: BoardMeta,
    /** Batch window: changes within it are read and rendered once. */
    private readonly batchMs = 16,
  ) {
    const notes = new Map<string, NoteView>()
    notesMap(doc).forEach((v, id) => {
      const n = readNote(id, v, meta).note
      if (n) notes.set(id, n)
    })
    const votes = new Map<string, ReadonlyMap<string, number>>()
    votesMap(doc).forEach((v, id) => {
      votes.set(id, readVoters(v))
    })
    this.data = { notes, clusters: this.readClusters(), votes, version: 0 }
    notesMap(doc).observeDeep(this.onNotes)
    clustersMap(doc).observeDeep(this.onClusters)
    votesMap(doc).observeDeep(this.onVotes)
  }

  get = (): BoardData => this.data

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Notes other people added (not this client's own writes), in batches. */
  onRemoteAdd(fn: (ids: string[]) => void): () => void {
    this.addListeners.add(fn)
    return () => this.addListeners.delete(fn)
  }

  /** Apply pending changes now (tests, and before reading right after a local write). */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.dirtyNotes.size === 0 && this.dirtyVotes.size === 0 && !this.dirtyClusters) return
    let notes = this.data.notes
    if (this.dirtyNotes.size > 0) {
      const next = new Map(notes)
      for (const id of this.dirtyNotes) {
        const n = readNote(id, notesMap(this.doc).get(id), this.meta).note
        if (n) next.set(id, n)
        else next.delete(id)
      }
      notes = next
    }
    let votes = this.data.votes
    if (this.dirtyVotes.size > 0) {
      const next = new Map(votes)
      for (const id of this.dirtyVotes) {
        const v = votesMap(this.doc).get(id)
        if (v === undefined) next.delete(id)
        else next.set(id, readVoters(v))
      }
      votes = next
    }
    this.data = {
      notes,
      clusters: this.dirtyClusters ? this.readClusters() : this.data.clusters,
      votes,
      version: this.data.version + 1,
    }
    this.dirtyNotes.clear()
    this.dirtyVotes.clear()
    this.dirtyClusters = false
    for (const fn of this.listeners) fn()
    if (this.remoteAdds.length > 0) {
      const ids = this.remoteAdds.splice(0).filter((id) => this.data.notes.has(id))
      if (ids.length > 0) for (const fn of this.addListeners) fn(ids)
    }
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    notesMap(this.doc).unobserveDeep(this.onNotes)
    clustersMap(this.doc).unobserveDeep(this.onClusters)
    votesMap(this.doc).unobserveDeep(this.onVotes)
    this.listeners.clear()
    this.addListeners.clear()
  }

  private readClusters(): Map<string, ClusterView> {
    const out = new Map<string, ClusterView>()
    clustersMap(this.doc).forEach((v, id) => {
      const c = readCluster(id, v, this.meta).cluster
      if (c) out.set(id, c)
    })
    return out
  }

  private schedule() {
    if (!this.timer) this.timer = setTimeout(this.flush, this.batchMs)
  }

  private readonly onNotes = (events: Events, tr: Y.Transaction) => {
    touched(events, notesMap(this.doc), this.dirtyNotes)
    if (!tr.local) {
      for (const e of events) {
        if (e.target !== notesMap(this.doc)) continue
        for (const [k, c] of e.changes.keys) if (c.action === 'add') this.remoteAdds.push(k)
      }
    }
    this.schedule()
  }

  private readonly onClusters = () => {
    this.dirtyClusters = true
    this.schedule()
  }

  private readonly onVotes = (events: Events) => {
    touched(events, votesMap(this.doc), this.dirtyVotes)
    this.schedule()
  }
}
