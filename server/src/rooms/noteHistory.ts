/**
 * Who changed a note's text and when, as the server knows them [F14.8]: each write that leaves
 * a note's text other than it was is recorded with the writer's person (id, name, city), the
 * link's role and the time, with the text it left. A facilitator reads a note's list and
 * restores an earlier text by writing it again (a change like any other, recorded too).
 *
 * The changes are stored with the turn's rows, in the same transaction [G13], so a restart or
 * another node taking the board over reads them as they were. In memory the board keeps only
 * what it needs to number and bound them: each note's text as last seen and the span of its
 * stored numbers, in order of its latest change. Bounded per note and per board, on disk too
 * (docs/server.md, known limits).
 */
import {
  type ErasureSelector,
  mergedMap,
  NOTE,
  type NoteChange,
  notesMap,
  personOnBoard,
  placeOfItem,
} from '@sensemaking/shared'
import * as Y from 'yjs'
import type { HistoryErasure, NoteHistorySpan, PeopleRecord } from '../storage/types'

export interface HistoryLimits {
  /** Changes kept per note; the oldest go first (the first, as it stood, is kept). */
  perNote: number
  /** Notes with a history per board; past it the least recently changed is forgotten. */
  notes: number
}

/** Where a board's history is stored. */
export interface HistoryStore {
  /** The notes with stored changes, the least recently changed first. */
  spans(): NoteHistorySpan[]
  /** Store a record with the turn's rows. */
  save(record: PeopleRecord): void
}

export const DEFAULT_LIMITS: HistoryLimits = { perNote: 50, notes: 5_000 }

/**
 * A person's typing is one change [F14.8]: a change by the writer of a note's latest change, made
 * within this long of it and inserting or removing at most `TYPING_CHARS` characters at one
 * place, updates that change (its text and time) instead of adding one.
 */
export const TYPING_MS = 10_000
export const TYPING_CHARS = 8

/** Whether `b` is `a` with at most `TYPING_CHARS` characters inserted or removed at one place. */
export function isTyping(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > TYPING_CHARS) return false
  const n = Math.min(a.length, b.length)
  let p = 0
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++
  let s = 0
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++
  return a.length - p - s + (b.length - p - s) <= TYPING_CHARS
}

/** Who wrote, as the server knows them. */
export interface Writer {
  personId: string
  name: string
  city: string
  role: NoteChange['role']
}

const textOf = (note: unknown): string | null => {
  if (!(note instanceof Y.Map)) return null
  const t = note.get(NOTE.text)
  return t instanceof Y.Text ? t.toString() : null
}

/** The notes whose text a transaction may have changed: created, replaced or edited. */
export function notesTouched(doc: Y.Doc, tr: Y.Transaction, into: Set<string>): void {
  const notes = notesMap(doc)
  for (const [type, keys] of tr.changed) {
    if ((type as unknown) === notes) {
      for (const k of keys) if (k !== null) into.add(k)
      continue
    }
    const item = type._item
    if (!item) continue
    const p = placeOfItem(item)
    if (!p || p.root !== notes || p.key === null) continue
    if (p.field === NOTE.text || (p.field === null && keys.has(NOTE.text))) into.add(p.key)
  }
}

export class NoteHistory {
  /** Each note's stored numbers, by latest change (a Map keeps insertion order). */
  private spans: Map<string, { first: number; last: number }> | null = null
  /** Each note's text as last seen; read once, before the first write. */
  private last: Map<string, string> | null = null
  /** Each note's latest stored change since the board was loaded: who and when. */
  private latest = new Map<string, { personId: string; role: Writer['role']; at: number }>()

  constructor(
    private readonly boardId: string,
    private readonly store: HistoryStore,
    private readonly limits: HistoryLimits = DEFAULT_LIMITS,
  ) {}

  /** Before a write: the notes' texts as they stand and the stored spans, read the first time only. */
  prepare(doc: Y.Doc): void {
    if (this.last) return
    const last = new Map<string, string>()
    notesMap(doc).forEach((note, id) => {
      const t = textOf(note)
      if (t !== null) last.set(id, t)
    })
    this.spans = new Map(
      this.store.spans().map((s) => [s.noteId, { first: s.first, last: s.last }]),
    )
    this.last = last
  }

  /** After a write by `who`: record each of `ids` whose text it left changed. */
  record(doc: Y.Doc, ids: Iterable<string>, who: Writer, at: number): void {
    const last = this.last
    const spans = this.spans
    if (!last || !spans) return
    const notes = notesMap(doc)
    for (const id of ids) {
      const text = textOf(notes.get(id))
      if (text === null) continue
      const before = last.get(id)
      if (text === before) continue
      last.set(id, text)
      let span = spans.get(id)
      const prev = this.latest.get(id)
      if (
        span &&
        prev &&
        prev.personId === who.personId &&
        prev.role === who.role &&
        at - prev.at <= TYPING_MS &&
        isTyping(before ?? '', text)
      ) {
        // Still typing: the latest change takes the text and the time.
        prev.at = at
        this.save(id, span.last, { at, ...who, text })
        spans.delete(id)
        spans.set(id, span)
        continue
      }
      if (span) {
        spans.delete(id) // re-inserted last: the map's order is by latest change
      } else {
        span = { first: 1, last: 0 }
        // A note changed for the first time while the server watched: its text as it stood.
        if (before !== undefined) {
          span.last = 1
          this.save(id, 1, {
            at: null,
            personId: null,
            name: '',
            city: '',
            role: null,
            text: before,
          })
        }
      }
      span.last++
      this.save(id, span.last, { at, ...who, text })
      this.latest.set(id, { personId: who.personId, role: who.role, at })
      // The first change and the latest ones: past the limit, the oldest after the first go.
      const upTo = span.last - this.limits.perNote + 1
      if (upTo > span.first) this.cut(id, span.first + 1, upTo)
      spans.set(id, span)
      if (spans.size > this.limits.notes) {
        const oldest = spans.keys().next().value
        if (oldest !== undefined) {
          spans.delete(oldest)
          this.latest.delete(oldest)
          this.cut(oldest, 0, null)
        }
      }
    }
  }

  private save(noteId: string, n: number, change: NoteChange): void {
    this.store.save({ kind: 'change', boardId: this.boardId, noteId, n, change })
  }

  private cut(noteId: string, from: number, to: number | null): void {
    this.store.save({ kind: 'cut', boardId: this.boardId, noteId, from, to })
  }
}

/**
 * What an erasure of `doc` (before it is planned) takes out of its history [F13], [F14.8]: the
 * changes of the notes it erases, of every note the board no longer holds (purged: its words
 * lived in the history until the new epoch, F13), and, when a person is erased, every change
 * they wrote, under their id or one merged into it on this board (F14.9).
 */
export function historyErasure(
  doc: Y.Doc,
  selector: ErasureSelector,
  spans: readonly NoteHistorySpan[],
): HistoryErasure {
  if ('all' in selector) return { all: true }
  const notes = notesMap(doc)
  const gone = new Set<string>()
  for (const s of spans) if (!notes.has(s.noteId)) gone.add(s.noteId)
  if ('notes' in selector) {
    for (const id of selector.notes) gone.add(id)
    return { notes: [...gone], people: [] }
  }
  const who = selector.authorId
  const people = new Set([who])
  for (const from of mergedMap(doc).keys()) if (personOnBoard(doc, from) === who) people.add(from)
  notes.forEach((note, id) => {
    if (note instanceof Y.Map && note.get(NOTE.authorId) === who) gone.add(id)
  })
  return { notes: [...gone], people: [...people] }
}
