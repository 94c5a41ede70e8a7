/**
 * Group commit in process: CPU per stored update when a turn's updates are appended one commit
 * each (`appendUpdate`) or in one transaction (`appendUpdates`), for turns of 1 to 16 updates
 * of different boards, through the server's own SQLite storage. Passes alternate the two ways;
 * CPU time (user + system, all of it system calls and SQLite) rather than wall time, as the
 * machine is shared.
 *
 *   npx tsx test/bench/micro-commit.ts [updates per pass]
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { median } from './stats'

const UPDATES = Number(process.argv[2] ?? 4000)
const PASSES = 5
const BOARDS = 50
const row = randomBytes(200)

function pass(perTurn: number, grouped: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'micro-commit-'))
  const s = openSqliteStorage(dir)
  try {
    const ids = Array.from({ length: BOARDS }, (_, i) => `board-${i}`)
    const board = (i: number) => ({
      board: { id: ids[i]!, sessionId: 's', name: 'b', position: i, createdAt: 0 },
      initialUpdate: Uint8Array.of(0, 0),
    })
    s.createSession(
      { id: 's', title: 'S', template: 'w3', createdAt: 0 },
      ids.map((_, i) => board(i)),
    )
    const c0 = process.cpuUsage()
    for (let i = 0; i < UPDATES; i += perTurn) {
      const turn = Array.from({ length: perTurn }, (_, k) => ({
        boardId: ids[(i + k) % BOARDS]!,
        data: row,
      }))
      if (grouped) s.appendUpdates(turn)
      else for (const r of turn) s.appendUpdate(r.boardId, r.data)
    }
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / UPDATES
  } finally {
    s.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

for (const perTurn of [1, 2, 4, 8, 16]) {
  const one: number[] = []
  const group: number[] = []
  for (let p = 0; p < PASSES; p++) {
    one.push(pass(perTurn, false))
    group.push(pass(perTurn, true))
  }
  const a = median(one)
  const b = median(group)
  console.log(
    `${String(perTurn).padStart(2)} updates a turn: one commit each ${a.toFixed(1)} µs CPU/update, ` +
      `one transaction ${b.toFixed(1)} µs (${(b / a).toFixed(2)})`,
  )
}
