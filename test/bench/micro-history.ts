/**
 * The change history's share of a commit, in process through the server's SQLite storage: CPU
 * per turn for a breakouts-like stream (boards of a few hundred notes, half the edits new
 * notes, half moves) stored as rows alone, and as rows with each new note's first history row
 * (what the server stores since the history, [F14.8]); then a typing stream (one note's text
 * changed per turn, its latest change updated in place). Passes alternate the ways; CPU time
 * (user + system) rather than wall time, as the machine is shared.
 *
 *   npx tsx test/bench/micro-history.ts [turns per pass]
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NoteChange } from '@sensemaking/shared'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import type { AppendRow, BoardStorage, PeopleRecord } from '../../server/src/storage/types'
import { median } from './stats'

const TURNS = Number(process.argv[2] ?? 4000)
const PASSES = 5
const BOARDS = 4
/** Edits per turn (a turn of the breakouts at 1,600 edits a second holds a few). */
const PER_TURN = 3
const row = randomBytes(180)

type Way = 'rows' | 'history' | 'typing'

const change = (who: number, text: string, at: number): NoteChange => ({
  at,
  personId: `person-${who}`,
  name: `Person ${who}`,
  city: 'Lahti',
  role: 'participant',
  text,
})

function setup(): { s: BoardStorage; dir: string; ids: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'micro-history-'))
  const s = openSqliteStorage(dir)
  const ids = Array.from({ length: BOARDS }, () => randomBytes(12).toString('base64url'))
  s.createSession(
    { id: 's', title: 'S', template: 'w3', createdAt: 0 },
    ids.map((id, i) => ({
      board: { id, sessionId: 's', name: 'b', position: i, createdAt: 0 },
      initialUpdate: Uint8Array.of(0, 0),
    })),
  )
  return { s, dir, ids }
}

function pass(way: Way): number {
  const { s, dir, ids } = setup()
  try {
    const typed = new Map<string, number>()
    const c0 = process.cpuUsage()
    for (let t = 0; t < TURNS; t++) {
      const rows: AppendRow[] = []
      const records: PeopleRecord[] = []
      for (let k = 0; k < PER_TURN; k++) {
        const i = t * PER_TURN + k
        const boardId = ids[i % BOARDS]!
        rows.push({ boardId, data: row })
        if (way === 'history' && i % 2 === 0) {
          const noteId = randomBytes(9).toString('base64url')
          records.push({ kind: 'change', boardId, noteId, n: 1, change: change(i % 20, 'a', i) })
        }
        if (way === 'typing') {
          const noteId = `typed-${i % 40}`
          const n = typed.get(noteId) ?? 1
          typed.set(noteId, n)
          records.push({
            kind: 'change',
            boardId,
            noteId,
            n,
            change: change(i % 20, 'x'.repeat(1 + (i % 60)), i),
          })
        }
      }
      s.appendTurn(rows, records)
    }
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / TURNS
  } finally {
    s.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const ways: Way[] = ['rows', 'history', 'typing']
const got = new Map<Way, number[]>(ways.map((w) => [w, []]))
for (let p = 0; p < PASSES; p++) for (const w of ways) got.get(w)!.push(pass(w))
const base = median(got.get('rows')!)
for (const w of ways) {
  const m = median(got.get(w)!)
  console.log(
    `${w.padEnd(8)} ${m.toFixed(1).padStart(7)} µs CPU per turn of ${PER_TURN} rows  (${(m / base).toFixed(2)} of rows alone)`,
  )
}
