/**
 * The PostgreSQL schema, created or migrated when a server starts (under an advisory lock, so
 * nodes starting together do it once). Versions only go up; a server finding a newer schema
 * refuses to start rather than write under rules it does not know.
 */
import { PG_PEOPLE_SCHEMA } from './pgPeople'
import type { SyncPg } from './syncPg'

export const PG_SCHEMA_VERSION = 1

/** SQLSTATE of a write refused by the fence: the board is owned under a later epoch. */
export const FENCED_SQLSTATE = 'BF001'

/** Any number: the advisory lock every starting node takes while it creates the schema. */
const MIGRATION_LOCK = 727_019

const V1 = `
CREATE TABLE IF NOT EXISTS sessions (
  id text PRIMARY KEY, title text NOT NULL, template text NOT NULL, created_at bigint NOT NULL,
  expires_at bigint, erased_at bigint);
CREATE TABLE IF NOT EXISTS boards (
  id text PRIMARY KEY, session_id text NOT NULL, name text NOT NULL,
  position integer NOT NULL, created_at bigint NOT NULL, plenary boolean NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS boards_by_session ON boards (session_id, position);
CREATE UNIQUE INDEX IF NOT EXISTS boards_one_plenary ON boards (session_id) WHERE plenary;
-- seq is per board, given by the board's owner: rows of one board are numbered in the order
-- they were committed, so a compaction deletes exactly the rows its snapshot merged.
CREATE TABLE IF NOT EXISTS updates (
  board_id text NOT NULL, seq bigint NOT NULL, data bytea NOT NULL, crc bigint NOT NULL,
  PRIMARY KEY (board_id, seq));
CREATE TABLE IF NOT EXISTS snapshots (
  board_id text PRIMARY KEY, seq bigint NOT NULL, data bytea NOT NULL, crc bigint NOT NULL,
  created_at bigint NOT NULL, state_vector bytea);
CREATE TABLE IF NOT EXISTS token_generations (
  scope text NOT NULL, id text NOT NULL, role text NOT NULL, generation integer NOT NULL,
  PRIMARY KEY (scope, id, role));
CREATE TABLE IF NOT EXISTS board_stats (
  board_id text PRIMARY KEY, stats text NOT NULL, updated_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS board_rebases (
  board_id text PRIMARY KEY, epoch integer NOT NULL, base bytea NOT NULL, base_crc bigint NOT NULL,
  retired jsonb NOT NULL, rebased_at bigint NOT NULL);
-- The owner's epoch of each board (a lease epoch from the coordination store): a write under
-- an older epoch is refused, so a paused ex-owner cannot write after its lease moved.
CREATE TABLE IF NOT EXISTS board_fences (board_id text PRIMARY KEY, epoch bigint NOT NULL);
-- Secrets every node shares (the token secret).
CREATE TABLE IF NOT EXISTS server_secrets (name text PRIMARY KEY, value text NOT NULL);
-- Raises ${FENCED_SQLSTATE} unless the board's fence is at epoch e (NULL: unfenced). FOR SHARE
-- holds the fence while the write commits: a new owner's claim waits for it, or the write sees
-- the claim and is refused.
CREATE OR REPLACE FUNCTION board_fence(b text, e bigint) RETURNS boolean AS $$
BEGIN
  IF e IS NULL THEN RETURN true; END IF;
  PERFORM 1 FROM board_fences WHERE board_id = b AND epoch = e FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'board % is owned under a later epoch than %', b, e USING ERRCODE = '${FENCED_SQLSTATE}';
  END IF;
  RETURN true;
END $$ LANGUAGE plpgsql;
-- Raises unless the board has no row after seq s (an erasure planned on what is stored).
CREATE OR REPLACE FUNCTION board_no_rows_after(b text, s bigint) RETURNS boolean AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM updates WHERE board_id = b AND seq > s) THEN
    RAISE EXCEPTION 'the board changed after its erasure was planned';
  END IF;
  RETURN true;
END $$ LANGUAGE plpgsql;
-- Raises unless the session exists (a board added to it later), holding it while the board is added.
CREATE OR REPLACE FUNCTION board_session_exists(s text) RETURNS boolean AS $$
BEGIN
  PERFORM 1 FROM sessions WHERE id = s FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no session %', s; END IF;
  RETURN true;
END $$ LANGUAGE plpgsql;
CREATE TABLE IF NOT EXISTS schema_version (one boolean PRIMARY KEY DEFAULT true CHECK (one),
  version integer NOT NULL);
`

/** Create or migrate the schema; throws when the database was written by a newer version. */
export function migrate(pg: SyncPg): void {
  pg.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
  try {
    const exists = pg.query<{ t: string | null }>(
      "SELECT to_regclass('schema_version')::text AS t",
    )[0]?.t
    const version = exists
      ? (pg.query<{ version: number }>('SELECT version FROM schema_version')[0]?.version ?? 0)
      : 0
    if (version > PG_SCHEMA_VERSION) {
      throw new Error(`The database was written by a newer version (schema ${version})`)
    }
    if (version < PG_SCHEMA_VERSION) {
      pg.run(
        [
          { text: V1 },
          {
            text: `INSERT INTO schema_version (version) VALUES ($1)
                   ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version`,
            values: [PG_SCHEMA_VERSION],
          },
        ],
        true,
      )
    }
    // Tables added since version 1 without a change of its rules: made when missing.
    pg.run([{ text: PG_PEOPLE_SCHEMA }], true)
  } finally {
    pg.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
  }
}
