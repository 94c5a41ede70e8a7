/**
 * The records of who writes [F14.7], [F14.8] for MemoryStorage: the same behaviour as the
 * tables of SQLite and PostgreSQL, in maps.
 */
import type { HistoryErasure, NoteHistorySpan, PeopleRecord, StoredNoteChange } from './types'

export class MemoryPeople {
  /** Board → note → its changes by number. */
  private readonly changes = new Map<string, Map<string, StoredNoteChange[]>>()
  /** Board → client id → owner. */
  private readonly owners = new Map<string, Map<number, string>>()

  /** Throws for a record the tables of SQLite and PostgreSQL would refuse (before anything is kept). */
  check(r: PeopleRecord): void {
    const ok =
      r.kind === 'change'
        ? Number.isInteger(r.n) &&
          [r.change.name, r.change.city, r.change.text].every((v) => typeof v === 'string')
        : r.kind === 'owner'
          ? Number.isInteger(r.client) && typeof r.owner === 'string'
          : true
    if (!ok) throw new Error(`a ${r.kind} record that cannot be stored`)
  }

  apply(r: PeopleRecord): void {
    switch (r.kind) {
      case 'change': {
        const notes = this.changes.get(r.boardId) ?? new Map<string, StoredNoteChange[]>()
        this.changes.set(r.boardId, notes)
        const list = (notes.get(r.noteId) ?? []).filter((c) => c.n !== r.n)
        list.push({ n: r.n, change: { ...r.change } })
        list.sort((a, b) => a.n - b.n)
        notes.set(r.noteId, list)
        return
      }
      case 'cut': {
        const notes = this.changes.get(r.boardId)
        const list = notes?.get(r.noteId)
        if (!notes || !list) return
        const kept = list.filter((c) => c.n < r.from || (r.to !== null && c.n > r.to))
        if (kept.length > 0) notes.set(r.noteId, kept)
        else notes.delete(r.noteId)
        return
      }
      case 'owner': {
        const owners = this.owners.get(r.boardId) ?? new Map<number, string>()
        this.owners.set(r.boardId, owners)
        if (!owners.has(r.client)) owners.set(r.client, r.owner)
        return
      }
      case 'rekey': {
        const owners = this.owners.get(r.boardId)
        if (!owners) return
        for (const [c, o] of owners) if (o === r.from) owners.set(c, r.to)
      }
    }
  }

  noteChanges(boardId: string, noteId: string): StoredNoteChange[] {
    return (this.changes.get(boardId)?.get(noteId) ?? []).map((c) => ({
      n: c.n,
      change: { ...c.change },
    }))
  }

  spans(boardId: string): NoteHistorySpan[] {
    const notes = this.changes.get(boardId)
    if (!notes) return []
    const latest = (l: StoredNoteChange[]) => Math.max(...l.map((c) => c.change.at ?? 0))
    return [...notes]
      .sort(([a, la], [b, lb]) => latest(la) - latest(lb) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([noteId, l]) => ({ noteId, first: l[0]!.n, last: l.at(-1)!.n }))
  }

  clientOwners(boardId: string): { client: number; owner: string }[] {
    return [...(this.owners.get(boardId) ?? [])].map(([client, owner]) => ({ client, owner }))
  }

  dropOwners(boardId: string): void {
    this.owners.delete(boardId)
  }

  erase(boardId: string, e: HistoryErasure): void {
    const notes = this.changes.get(boardId)
    if (!notes) return
    if ('all' in e) {
      this.changes.delete(boardId)
      return
    }
    for (const id of e.notes) notes.delete(id)
    const people = new Set(e.people)
    for (const [id, list] of notes) {
      const kept = list.filter((c) => c.change.personId === null || !people.has(c.change.personId))
      if (kept.length > 0) notes.set(id, kept)
      else notes.delete(id)
    }
  }
}
