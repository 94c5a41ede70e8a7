/**
 * The PostgreSQL side of who writes a board, as in SQLite (storage/sqlitePeople.ts): the
 * changes of its notes' texts [F14.8] and the owners of its Yjs client ids [F14.7]. Their
 * statements join the transaction of the turn's rows; the tables are created with the schema
 * (idempotent, so a database of an earlier schema gets them when a node starts).
 */
import { toChange } from '../sqlitePeople'
import type { HistoryErasure, NoteHistorySpan, PeopleRecord, StoredNoteChange } from '../types'
import type { PgQuery, SyncPg } from './syncPg'

export const PG_PEOPLE_SCHEMA = `
CREATE TABLE IF NOT EXISTS note_changes (
  board_id text NOT NULL, note_id text NOT NULL, n integer NOT NULL, at bigint,
  person_id text, name text NOT NULL, city text NOT NULL, role text, text text NOT NULL,
  PRIMARY KEY (board_id, note_id, n));
CREATE TABLE IF NOT EXISTS client_owners (
  board_id text NOT NULL, client bigint NOT NULL, owner text NOT NULL,
  PRIMARY KEY (board_id, client));
`

/** The statement storing one record (inside the turn's transaction). */
export function peopleQuery(r: PeopleRecord): PgQuery {
  switch (r.kind) {
    case 'change': {
      const c = r.change
      return {
        text: `INSERT INTO note_changes (board_id, note_id, n, at, person_id, name, city, role, text)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (board_id, note_id, n) DO UPDATE
               SET at = EXCLUDED.at, person_id = EXCLUDED.person_id, name = EXCLUDED.name,
               city = EXCLUDED.city, role = EXCLUDED.role, text = EXCLUDED.text`,
        values: [r.boardId, r.noteId, r.n, c.at, c.personId, c.name, c.city, c.role, c.text],
      }
    }
    case 'cut':
      return {
        text: `DELETE FROM note_changes WHERE board_id = $1 AND note_id = $2 AND n >= $3
               AND ($4::integer IS NULL OR n <= $4::integer)`,
        values: [r.boardId, r.noteId, r.from, r.to],
      }
    case 'owner':
      return {
        text: `INSERT INTO client_owners (board_id, client, owner) VALUES ($1, $2, $3)
               ON CONFLICT (board_id, client) DO NOTHING`,
        values: [r.boardId, r.client, r.owner],
      }
    case 'rekey':
      return {
        text: 'UPDATE client_owners SET owner = $1 WHERE board_id = $2 AND owner = $3',
        values: [r.to, r.boardId, r.from],
      }
  }
}

export function readNoteChanges(pg: SyncPg, boardId: string, noteId: string): StoredNoteChange[] {
  return pg
    .query<Parameters<typeof toChange>[0]>(
      `SELECT n, at, person_id, name, city, role, text FROM note_changes
       WHERE board_id = $1 AND note_id = $2 ORDER BY n`,
      [boardId, noteId],
    )
    .map(toChange)
}

export function readHistorySpans(pg: SyncPg, boardId: string): NoteHistorySpan[] {
  return pg.query<NoteHistorySpan>(
    `SELECT note_id AS "noteId", min(n) AS first, max(n) AS last FROM note_changes
     WHERE board_id = $1 GROUP BY note_id ORDER BY max(coalesce(at, 0)), note_id`,
    [boardId],
  )
}

export function readClientOwners(pg: SyncPg, boardId: string) {
  return pg.query<{ client: number; owner: string }>(
    'SELECT client, owner FROM client_owners WHERE board_id = $1',
    [boardId],
  )
}

/** The statements of an erasure of history. */
export function eraseHistoryQueries(boardId: string, e: HistoryErasure): PgQuery[] {
  if ('all' in e)
    return [{ text: 'DELETE FROM note_changes WHERE board_id = $1', values: [boardId] }]
  return [
    {
      text: 'DELETE FROM note_changes WHERE board_id = $1 AND note_id = ANY($2::text[])',
      values: [boardId, [...e.notes]],
    },
    {
      text: 'DELETE FROM note_changes WHERE board_id = $1 AND person_id = ANY($2::text[])',
      values: [boardId, [...e.people]],
    },
  ]
}
