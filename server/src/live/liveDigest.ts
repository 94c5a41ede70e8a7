/**
 * A loaded board's live figures for the dashboard, kept up to date as the board changes
 * [SE4.4]: counts per column and lever, the latest notes and the themes. Attached to a board's
 * document the first time a dashboard asks (so a server nobody watches pays nothing), then
 * each change costs a few map reads for the notes it touched (a move, the most frequent
 * change, none), and an answer reads the words of five notes, not of every note.
 *
 * It reads as `computeStats` does (boardStats.ts): the same notes count, the same way, which a
 * test holds over random edits.
 */
import {
  BOARD,
  boardMap,
  CLUSTER,
  clustersMap,
  NOTE,
  notesMap,
  PARKING_LOT,
  readMeta,
  readNote,
  readTimer,
  UNTAGGED,
} from '@sensemaking/shared'
import * as Y from 'yjs'
import type { BoardState, RecentNote, ThemeFigure } from '../storage/types'
import { cut, RECENT_NOTES, themeFigures } from './roomDigest'

/** What counts of a note: where it sits, when it was made, whether it has words. */
interface Facts {
  column: string
  lever: string
  clusterId: string | null
  createdAt: number
  hasText: boolean
}

/** The figures a dashboard shows of a board. */
export interface LiveFigures {
  title: string
  notes: { total: number; byColumn: Record<string, number> }
  byLever: Record<string, number>
  byLeverColumn: Record<string, Record<string, number>>
  state: BoardState
  recent: RecentNote[]
  themes: ThemeFigure[]
}

/** Keys of a note whose change can change what is counted. */
const COUNTED: ReadonlySet<string> = new Set([
  NOTE.text,
  NOTE.column,
  NOTE.lever,
  NOTE.clusterId,
  NOTE.deletedAt,
  NOTE.createdAt,
])
/** Keys shown with a latest note but not counted. */
const SHOWN: ReadonlySet<string> = new Set([NOTE.kind, NOTE.city])

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Newest notes with words kept as candidates for the latest: a few blank ones may be among them. */
const KEEP = 16

interface Candidate {
  id: string
  createdAt: number
}
/** Newest first: by time, then the larger id, as RecentKeeper orders them. */
const newer = (a: Candidate, b: Candidate) =>
  a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id

export class LiveDigest {
  private readonly facts = new Map<string, Facts>()
  private columns = new Set<string>()
  private tags = new Set<string>()
  private byColumn: Record<string, number> = {}
  private byLever: Record<string, number> = {}
  private byLeverColumn: Record<string, Record<string, number>> = {}
  private total = 0
  /** Live notes per theme id. */
  private readonly members = new Map<string, number>()
  /** Notes with words (some may be blank), and the newest of them; null: to be found again. */
  private withText = 0
  private latest: Candidate[] | null = null
  private cached: LiveFigures | null = null
  private readonly onNotes: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => void
  private readonly onBoard: (e: Y.YMapEvent<unknown>) => void
  private readonly onThemes: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => void

  constructor(private readonly doc: Y.Doc) {
    this.onNotes = (events) => this.notesChanged(events)
    this.onBoard = (e) => {
      if (e.keysChanged.has(BOARD.columns) || e.keysChanged.has(BOARD.tags)) this.rescan()
      this.cached = null
    }
    this.onThemes = (events) => {
      // A theme added, removed or renamed; moving or resizing a frame changes no figure.
      const themes = clustersMap(doc)
      for (const ev of events) {
        const keys = (ev as Y.YMapEvent<unknown>).keysChanged
        if (ev.target === themes || keys?.has(CLUSTER.title)) this.cached = null
      }
    }
    this.rescan()
    notesMap(doc).observeDeep(this.onNotes)
    boardMap(doc).observe(this.onBoard)
    clustersMap(doc).observeDeep(this.onThemes)
  }

  /** Stop following the document. */
  destroy(): void {
    notesMap(this.doc).unobserveDeep(this.onNotes)
    boardMap(this.doc).unobserve(this.onBoard)
    clustersMap(this.doc).unobserveDeep(this.onThemes)
  }

  /** The figures as the board stands (computed again only after a change). */
  figures(): LiveFigures {
    this.cached ??= this.compute()
    return this.cached
  }

  /** Count every note again (at the start, and when the board's columns or levers change). */
  private rescan(): void {
    const meta = readMeta(this.doc)
    this.columns = new Set(meta.columns.map((c) => c.id))
    this.tags = new Set(meta.tags.map((t) => t.id))
    this.byColumn = {}
    for (const c of meta.columns) this.byColumn[c.id] = 0
    this.byColumn[PARKING_LOT] = 0
    this.byLever = {}
    for (const t of meta.tags) this.byLever[t.id] = 0
    this.byLever[UNTAGGED] = 0
    this.byLeverColumn = {}
    this.total = 0
    this.members.clear()
    this.withText = 0
    this.facts.clear()
    notesMap(this.doc).forEach((_, id) => {
      this.update(id)
    })
    this.latest = null
    this.cached = null
  }

  private notesChanged(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    const notes = notesMap(this.doc)
    const touched = new Set<string>()
    let shown = false
    for (const ev of events) {
      if (ev.target === notes) {
        for (const k of (ev as Y.YMapEvent<unknown>).keysChanged) touched.add(k)
        continue
      }
      const id = ev.path[0]
      if (typeof id !== 'string') continue
      if (ev.path.length > 1 || !(ev instanceof Y.YMapEvent)) {
        touched.add(id) // its words
        continue
      }
      // The note's own fields. A move (the most frequent change) counts only when it makes a
      // note readable or unreadable (F9.3); a lock or a time never does.
      const keys = ev.keysChanged
      let counts = false
      for (const k of keys) if (COUNTED.has(k)) counts = true
      if (!counts && (keys.has(NOTE.x) || keys.has(NOTE.y))) counts = !this.placed(id)
      if (counts) touched.add(id)
      else for (const k of keys) if (SHOWN.has(k)) shown = true
    }
    for (const id of touched) this.update(id)
    if (touched.size > 0 || shown) this.cached = null
  }

  /** True when a counted note still has a finite position. */
  private placed(id: string): boolean {
    if (!this.facts.has(id)) return false
    const m = notesMap(this.doc).get(id)
    return m instanceof Y.Map && finite(m.get(NOTE.x)) && finite(m.get(NOTE.y))
  }

  /** Take a note's old facts out of the counts and its new ones in. */
  private update(id: string): void {
    const old = this.facts.get(id)
    if (old) this.count(old, -1)
    const now = this.read(id)
    if (now) {
      this.facts.set(id, now)
      this.count(now, 1)
    } else this.facts.delete(id)
    this.follow(id, now)
  }

  /** Keep the newest notes with words in order as one note changes. */
  private follow(id: string, f: Facts | null): void {
    const l = this.latest
    if (!l) return
    const at = l.findIndex((c) => c.id === id)
    if (at >= 0) l.splice(at, 1)
    if (f?.hasText) {
      const c = { id, createdAt: f.createdAt }
      if (l.length < KEEP || newer(c, l[l.length - 1]!)) {
        let i = l.length
        while (i > 0 && newer(c, l[i - 1]!)) i--
        l.splice(i, 0, c)
        if (l.length > KEEP) l.pop()
      }
    }
    // One left the kept few while older ones with words exist: find them again when asked.
    if (l.length < Math.min(KEEP, this.withText)) this.latest = null
  }

  /** The facts of a live note that reads (F9.3), or null. */
  private read(id: string): Facts | null {
    const m = notesMap(this.doc).get(id)
    if (!(m instanceof Y.Map)) return null
    const text = m.get(NOTE.text)
    const length =
      text instanceof Y.Text ? text.length : typeof text === 'string' ? text.length : -1
    const createdAt = m.get(NOTE.createdAt)
    if (length < 0 || !finite(m.get(NOTE.x)) || !finite(m.get(NOTE.y)) || !finite(createdAt)) {
      return null
    }
    if (finite(m.get(NOTE.deletedAt))) return null
    const column = m.get(NOTE.column)
    const lever = m.get(NOTE.lever)
    const clusterId = m.get(NOTE.clusterId)
    return {
      column: typeof column === 'string' && this.columns.has(column) ? column : PARKING_LOT,
      lever: typeof lever === 'string' && this.tags.has(lever) ? lever : UNTAGGED,
      clusterId: typeof clusterId === 'string' ? clusterId : null,
      createdAt,
      hasText: length > 0,
    }
  }

  private count(f: Facts, by: 1 | -1): void {
    this.total += by
    if (f.hasText) this.withText += by
    if (f.clusterId !== null) {
      const n = (this.members.get(f.clusterId) ?? 0) + by
      if (n === 0) this.members.delete(f.clusterId)
      else this.members.set(f.clusterId, n)
    }
    this.byColumn[f.column] = (this.byColumn[f.column] ?? 0) + by
    this.byLever[f.lever] = (this.byLever[f.lever] ?? 0) + by
    const row = this.byLeverColumn[f.lever] ?? {}
    const n = (row[f.column] ?? 0) + by
    // Cells hold notes only, as computeStats writes them.
    if (n === 0) delete row[f.column]
    else row[f.column] = n
    if (Object.keys(row).length === 0) delete this.byLeverColumn[f.lever]
    else this.byLeverColumn[f.lever] = row
  }

  private compute(): LiveFigures {
    const meta = readMeta(this.doc)
    const byLeverColumn: Record<string, Record<string, number>> = {}
    for (const [lever, row] of Object.entries(this.byLeverColumn)) byLeverColumn[lever] = { ...row }
    return {
      title: meta.title,
      notes: { total: this.total, byColumn: { ...this.byColumn } },
      byLever: { ...this.byLever },
      byLeverColumn,
      state: { phase: meta.phase, locked: meta.locked, timer: readTimer(this.doc) },
      recent: this.recent(meta),
      themes: this.themes(),
    }
  }

  /** The latest notes with words, newest first: only the words of the newest few are read. */
  private recent(meta: ReturnType<typeof readMeta>): RecentNote[] {
    this.latest ??= this.newest(KEEP)
    let out = this.said(this.latest, meta)
    // Blank notes among the kept few: read further, from every note (rare).
    if (out.length < RECENT_NOTES && this.withText > this.latest.length) {
      out = this.said(this.newest(this.withText), meta)
    }
    return out
  }

  /** The `n` newest notes with words, from every note. */
  private newest(n: number): Candidate[] {
    const all: Candidate[] = []
    for (const [id, f] of this.facts) if (f.hasText) all.push({ id, createdAt: f.createdAt })
    return all.sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0)).slice(0, n)
  }

  /** The first few of `candidates` whose words are not blank, as the dashboard shows them. */
  private said(candidates: readonly Candidate[], meta: ReturnType<typeof readMeta>): RecentNote[] {
    const out: RecentNote[] = []
    const notes = notesMap(this.doc)
    for (const { id } of candidates) {
      if (out.length === RECENT_NOTES) break
      const n = readNote(id, notes.get(id), meta).note
      if (!n || n.text.trim() === '') continue
      out.push({
        id,
        text: cut(n.text),
        column: n.column,
        lever: n.lever,
        kind: n.kind,
        city: n.city,
        createdAt: n.createdAt,
        ...(n.source ? { from: n.source.boardName } : {}),
      })
    }
    return out
  }

  private themes(): ThemeFigure[] {
    const themes: Array<{ id: string; title: string }> = []
    clustersMap(this.doc).forEach((m, id) => {
      if (!(m instanceof Y.Map)) return
      const title = m.get(CLUSTER.title)
      themes.push({ id, title: typeof title === 'string' ? title : '' })
    })
    return themeFigures(themes, this.members)
  }
}

const digests = new WeakMap<Y.Doc, LiveDigest>()

/**
 * The live figures of a loaded board's document, following it from the first call on. Keyed
 * by the document: a board reloaded into a fresh document gets a digest of its own.
 */
export function liveDigestOf(doc: Y.Doc): LiveDigest {
  let d = digests.get(doc)
  if (!d) {
    d = new LiveDigest(doc)
    digests.set(doc, d)
  }
  return d
}
