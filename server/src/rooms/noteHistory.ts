/**
 * Who changed a note's text and when, as the server knows them [F14.8]: each write that leaves
 * a note's text other than it was is recorded with the writer's person (id, name, city), the
 * link's role and the time, with the text it left. A facilitator reads a note's list and
 * restores an earlier text by writing it again (a change like any other, recorded too).
 *
 * Kept in memory while the board is loaded, bounded per note and per board: it says who wrote
 * what during a session, not forever (docs/server.md, known limits).
 */
import { NOTE, type NoteChange, notesMap, placeOfItem } from '@sensemaking/shared'
import * as Y from 'yjs'

export interface HistoryLimits {
  /** Changes kept per note; the oldest go first (the first, as it stood, is kept). */
  perNote: number
  /** Notes with a history per board; past it the least recently changed is forgotten. */
  notes: number
}

const DEFAULT_LIMITS: HistoryLimits = { perNote: 50, notes: 5_000 }

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
  private readonly byNote = new Map<string, NoteChange[]>()
  /** Each note's text as last seen; read once, before the first write. */
  private last: Map<string, string> | null = null

  constructor(private readonly limits: HistoryLimits = DEFAULT_LIMITS) {}

  /** Before a write: the notes' texts as they stand, read the first time only. */
  prepare(doc: Y.Doc): void {
    if (this.last) return
    const last = new Map<string, string>()
    notesMap(doc).forEach((note, id) => {
      const t = textOf(note)
      if (t !== null) last.set(id, t)
    })
    this.last = last
  }

  /** After a write by `who`: record each of `ids` whose text it left changed. */
  record(doc: Y.Doc, ids: Iterable<string>, who: Writer, at: number): void {
    const last = this.last
    if (!last) return
    const notes = notesMap(doc)
    for (const id of ids) {
      const text = textOf(notes.get(id))
      if (text === null) continue
      const before = last.get(id)
      if (text === before) continue
      last.set(id, text)
      let list = this.byNote.get(id)
      if (list) {
        this.byNote.delete(id) // re-inserted last: the map's order is by latest change
      } else {
        list = []
        // A note changed for the first time while the server watched: its text as it stood.
        if (before !== undefined)
          list.push({ at: null, personId: null, name: '', city: '', role: null, text: before })
      }
      list.push({ at, ...who, text })
      if (list.length > this.limits.perNote) list.splice(1, list.length - this.limits.perNote)
      this.byNote.set(id, list)
      if (this.byNote.size > this.limits.notes) {
        const oldest = this.byNote.keys().next().value
        if (oldest !== undefined) this.byNote.delete(oldest)
      }
    }
  }

  /** A note's changes, oldest first (empty when none was seen). */
  of(noteId: string): readonly NoteChange[] {
    return this.byNote.get(noteId) ?? []
  }
}
