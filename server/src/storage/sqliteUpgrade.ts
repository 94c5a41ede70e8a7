/**
 * A data dir made by an earlier version gets the layout new ones are made with, once, when a
 * writable store opens it: free pages given back at a clean stop (auto_vacuum) and the change
 * history clustered on its keys (WITHOUT ROWID). Both read and write the same as before; the
 * file's version does not change, so an earlier server still opens it.
 */

import type Database from 'better-sqlite3'

/** SQLite's `auto_vacuum` value for INCREMENTAL. */
export const INCREMENTAL = 2

/** The tables of who writes a board (sqlitePeople.ts), clustered on their keys since. */
const CLUSTERED = ['note_changes', 'client_owners'] as const

/** The statement that made table `name`, or undefined when there is no such table. */
export const tableSql = (db: Database.Database, name: string): string | undefined =>
  db
    .prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(name)

/**
 * Rename the history tables that still have a rowid out of the way, so that `createSchema` makes
 * them anew; returns what to copy back. Runs with `createSchema` in one transaction.
 */
function reclusterTables(db: Database.Database, createSchema: () => void): string[] {
  const moved: string[] = []
  for (const name of CLUSTERED) {
    const sql = tableSql(db, name)
    if (sql === undefined || /WITHOUT\s+ROWID/i.test(sql)) continue
    db.exec(`ALTER TABLE ${name} RENAME TO ${name}_with_rowid`)
    moved.push(name)
  }
  createSchema()
  for (const name of moved) {
    const columns = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[])
      .map((c) => c.name)
      .join(', ')
    db.exec(`INSERT INTO ${name} (${columns}) SELECT ${columns} FROM ${name}_with_rowid`)
    db.exec(`DROP TABLE ${name}_with_rowid`)
  }
  return moved
}

/**
 * Create the schema (`createSchema`, idempotent) and bring an earlier layout to today's. The
 * returned flag says the file must be rewritten (VACUUM) for its free pages to be given back:
 * the caller vacuums once, with any other reason it has to.
 */
export function upgradeLayout(
  db: Database.Database,
  existed: boolean,
  createSchema: () => void,
): { vacuum: boolean } {
  db.transaction(() => reclusterTables(db, createSchema))()
  if (!existed || db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) {
    return { vacuum: false }
  }
  // Takes effect with the next VACUUM, which rebuilds the file with the pointer map it needs.
  db.pragma('auto_vacuum = INCREMENTAL')
  return { vacuum: true }
}
