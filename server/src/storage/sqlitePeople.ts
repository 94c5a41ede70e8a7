/**
 * The SQLite side of who writes a board: the changes of its notes' texts [F14.8] and the owners
 * of its Yjs client ids [F14.7]. Written in the transaction of the turn's rows (group commit,
 * G13); a note's changes are numbered per note, so keeping a note's first and latest ones is a
 * range deletion on the primary key.
 */

import type { NoteChange } from '@sensemaking/shared'
import type Database from 'better-sqlite3'
import type { HistoryErasure, NoteHistorySpan, PeopleRecord, StoredNoteChange } from './types'

/**
 * The tables are clustered on their keys (WITHOUT ROWID): a change is one B-tree insert, not a
 * row and an index entry, and a note's changes sit together. Data dirs made before with a rowid
 * are copied into these once, when opened (sqliteUpgrade.ts).
 */
export const PEOPLE_SCHEMA = `
CREATE TABLE IF NOT EXISTS note_changes (
  board_id TEXT NOT NULL, note_id TEXT NOT NULL, n INTEGER NOT NULL, at INTEGER,
  person_id TEXT, name TEXT NOT NULL, city TEXT NOT NULL, role TEXT, text TEXT NOT NULL,
  PRIMARY KEY (board_id, note_id, n)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS client_owners (
  board_id TEXT NOT NULL, client INTEGER NOT NULL, owner TEXT NOT NULL,
  PRIMARY KEY (board_id, client)) WITHOUT ROWID;
`

interface ChangeRow {
  n: number
  at: number | null
  person_id: string | null
  name: string
  city: string
  role: string | null
  text: string
}

/** A stored row as the API's change (an unknown role reads as none). */
export const toChange = (r: ChangeRow): StoredNoteChange => ({
  n: Number(r.n),
  change: {
    at: r.at === null ? null : Number(r.at),
    personId: r.person_id,
    name: r.name,
    city: r.city,
    role: (['facilitator', 'participant', 'observer'].includes(r.role ?? '')
      ? r.role
      : null) as NoteChange['role'],
    text: r.text,
  },
})

export class SqlitePeople {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      // An upsert, not INSERT OR REPLACE: a person's typing rewrites its latest change in place
      // instead of deleting the row (overwritten, secure_delete) and inserting it again.
      putChange: db.prepare(
        `INSERT INTO note_changes (board_id, note_id, n, at, person_id, name, city, role, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (board_id, note_id, n) DO UPDATE SET at = excluded.at,
           person_id = excluded.person_id, name = excluded.name, city = excluded.city,
           role = excluded.role, text = excluded.text`,
      ),
      cut: db.prepare(
        'DELETE FROM note_changes WHERE board_id = ? AND note_id = ? AND n >= ? AND n <= ?',
      ),
      putOwner: db.prepare(
        'INSERT OR IGNORE INTO client_owners (board_id, client, owner) VALUES (?, ?, ?)',
      ),
      rekey: db.prepare('UPDATE client_owners SET owner = ? WHERE board_id = ? AND owner = ?'),
      changes: db.prepare<[string, string], ChangeRow>(
        `SELECT n, at, person_id, name, city, role, text FROM note_changes
         WHERE board_id = ? AND note_id = ? ORDER BY n`,
      ),
      spans: db.prepare<[string], NoteHistorySpan>(
        `SELECT note_id AS noteId, min(n) AS first, max(n) AS last FROM note_changes
         WHERE board_id = ? GROUP BY note_id ORDER BY max(ifnull(at, 0)), note_id`,
      ),
      owners: db.prepare<[string], { client: number; owner: string }>(
        'SELECT client, owner FROM client_owners WHERE board_id = ?',
      ),
      dropOwners: db.prepare('DELETE FROM client_owners WHERE board_id = ?'),
      eraseAll: db.prepare('DELETE FROM note_changes WHERE board_id = ?'),
      eraseNote: db.prepare('DELETE FROM note_changes WHERE board_id = ? AND note_id = ?'),
      erasePerson: db.prepare('DELETE FROM note_changes WHERE board_id = ? AND person_id = ?'),
    }
  }

  /** Store the records of a turn, in order (inside the caller's transaction). */
  applyAll(records: readonly PeopleRecord[]): void {
    for (const r of records) this.apply(r)
  }

  /** Store one record (inside the caller's transaction). */
  apply(r: PeopleRecord): void {
    switch (r.kind) {
      case 'change': {
        const c = r.change
        this.q.putChange.run(
          r.boardId,
          r.noteId,
          r.n,
          c.at,
          c.personId,
          c.name,
          c.city,
          c.role,
          c.text,
        )
        return
      }
      case 'cut':
        this.q.cut.run(r.boardId, r.noteId, r.from, r.to ?? Number.MAX_SAFE_INTEGER)
        return
      case 'owner':
        this.q.putOwner.run(r.boardId, r.client, r.owner)
        return
      case 'rekey':
        this.q.rekey.run(r.to, r.boardId, r.from)
    }
  }

  noteChanges(boardId: string, noteId: string): StoredNoteChange[] {
    return this.q.changes.all(boardId, noteId).map(toChange)
  }

  spans(boardId: string): NoteHistorySpan[] {
    return this.q.spans.all(boardId)
  }

  clientOwners(boardId: string): { client: number; owner: string }[] {
    return this.q.owners.all(boardId)
  }

  dropOwners(boardId: string): void {
    this.q.dropOwners.run(boardId)
  }

  erase(boardId: string, e: HistoryErasure): void {
    this.db.transaction(() => {
      if ('all' in e) {
        this.q.eraseAll.run(boardId)
        return
      }
      for (const id of e.notes) this.q.eraseNote.run(boardId, id)
      for (const id of e.people) this.q.erasePerson.run(boardId, id)
    })()
  }
}
