/**
 * Micro-benchmark of one update's append to SQLite, schema and pragma variants side by side:
 *
 *   npx tsx test/bench/micro-sqlite.ts [rows]
 *
 * µs per append (best of several passes), 200-byte rows spread over 50 boards as in the
 * breakouts. For choosing how the server appends, not for the bar.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import Database from 'better-sqlite3'

const ROWS = Number(process.argv[2] ?? 3000)
const PASSES = 4
const rows = Array.from({ length: ROWS }, () => randomBytes(200))
const boards = Array.from({ length: 50 }, (_, i) => `board-${i.toString().padStart(4, '0')}xyz`)

interface Variant {
  name: string
  schema: string
  pragmas?: string[]
  insert: string
  explicitSeq?: boolean
}

const AUTOINC = `CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL,
  data BLOB NOT NULL, crc INTEGER NOT NULL);
  CREATE INDEX updates_by_board ON updates (board_id, seq);`
const VARIANTS: Variant[] = [
  {
    name: 'current (autoincrement + index)',
    schema: AUTOINC,
    insert: 'INSERT INTO updates (board_id, data, crc) VALUES (?, ?, ?)',
  },
  {
    name: 'integer key, explicit seq + index',
    schema: `CREATE TABLE updates (seq INTEGER PRIMARY KEY, board_id TEXT NOT NULL,
      data BLOB NOT NULL, crc INTEGER NOT NULL);
      CREATE INDEX updates_by_board ON updates (board_id, seq);`,
    insert: 'INSERT INTO updates (seq, board_id, data, crc) VALUES (?, ?, ?, ?)',
    explicitSeq: true,
  },
  {
    name: 'without rowid (board_id, seq), explicit seq',
    schema: `CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL,
      data BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;`,
    insert: 'INSERT INTO updates (seq, board_id, data, crc) VALUES (?, ?, ?, ?)',
    explicitSeq: true,
  },
  {
    name: 'current, wal_autocheckpoint off',
    schema: AUTOINC,
    pragmas: ['wal_autocheckpoint = 0'],
    insert: 'INSERT INTO updates (board_id, data, crc) VALUES (?, ?, ?)',
  },
  {
    name: 'without rowid, wal_autocheckpoint off',
    schema: `CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL,
      data BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;`,
    pragmas: ['wal_autocheckpoint = 0'],
    insert: 'INSERT INTO updates (seq, board_id, data, crc) VALUES (?, ?, ?, ?)',
    explicitSeq: true,
  },
]

for (const v of VARIANTS) {
  let best = Number.POSITIVE_INFINITY
  let worst = 0
  let over1ms = 0
  for (let p = 0; p < PASSES; p++) {
    const dir = mkdtempSync(join(tmpdir(), 'micro-sqlite-'))
    try {
      const db = new Database(join(dir, 'db.sqlite'))
      db.pragma('cache_size = -2000')
      for (const pr of v.pragmas ?? []) db.pragma(pr)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      for (const pr of v.pragmas ?? []) db.pragma(pr)
      db.exec(v.schema)
      const ins = db.prepare(v.insert)
      const t0 = performance.now()
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!
        const a = performance.now()
        if (v.explicitSeq) ins.run(i + 1, boards[i % boards.length], r, crc32(r))
        else ins.run(boards[i % boards.length], r, crc32(r))
        const d = performance.now() - a
        if (d > worst) worst = d
        if (d > 1) over1ms++
      }
      best = Math.min(best, ((performance.now() - t0) * 1000) / rows.length)
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(
    `${v.name.padEnd(40)} ${best.toFixed(1).padStart(6)} µs/append, slowest ${worst.toFixed(2)} ms, ${over1ms} over 1 ms in ${PASSES} passes`,
  )
}
