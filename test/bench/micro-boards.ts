/**
 * Opening one board among many, in process: the server's work to open a board (read its rows,
 * build its room, answer a fresh client's first sync) on a data dir of N boards against one of
 * a single board, CPU time per open (user + system, as the machine is shared), passes
 * alternating. Also the storage's open (what the server does at start) on each.
 *
 *   npx tsx test/bench/micro-boards.ts [boards] [notes per board]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLOSE, seedBoard } from '@sensemaking/shared'
import * as Y from 'yjs'
import { resolveLimits } from '../../server/src/config'
import { ServerMetrics } from '../../server/src/metrics'
import { encodeSyncStep1Vector } from '../../server/src/protocol/messages'
import { Rooms } from '../../server/src/rooms/Rooms'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { fakeConnection } from '../../server/src/testing/fakes'
import { silentLogger } from '../../server/src/testing/logger'
import { boardUpdates } from './coldOpen'
import { median } from './stats'

const BOARDS = Number(process.argv[2] ?? 1000)
const NOTES = Number(process.argv[3] ?? 20)
const OPENS = 40

function makeDir(boards: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'micro-boards-'))
  const s = openSqliteStorage(dir)
  const seed = new Y.Doc()
  seedBoard(seed, { title: 'Board' })
  const initial = Y.encodeStateAsUpdate(seed)
  const notes = boardUpdates(NOTES, 2, false)
  for (let first = 0; first < boards; first += 100) {
    const sid = `s${first}`
    const ids = Array.from({ length: Math.min(100, boards - first) }, (_, i) => `b${first + i}`)
    s.createSession(
      { id: sid, title: 'S', template: 'w3', createdAt: 0 },
      ids.map((id, i) => ({
        board: { id, sessionId: sid, name: id, position: i, createdAt: 0 },
        initialUpdate: initial,
      })),
    )
    for (const id of ids) s.appendUpdates(notes.map((data) => ({ boardId: id, data })))
  }
  s.close()
  return dir
}

const cpu = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}

async function opens(dir: string, boards: number): Promise<{ startMs: number; openMs: number }> {
  const c0 = cpu()
  const storage = openSqliteStorage(dir)
  const startMs = cpu() - c0
  const metrics = new ServerMetrics(
    { connections: () => 0, boardsInMemory: () => 0 },
    { processMetrics: false },
  )
  const rooms = new Rooms({
    storage,
    limits: resolveLimits({ idleUnloadMs: 0 }),
    log: silentLogger(),
    metrics,
  })
  const times: number[] = []
  try {
    for (let i = 0; i < OPENS; i++) {
      const id = `b${boards - 1 - (i % boards)}`
      const conn = fakeConnection()
      const t0 = cpu()
      const joined = await rooms.join(id, conn, {
        role: 'participant',
        scope: 'board',
        scopeId: id,
        generation: 0,
      })
      joined!.room.receive(joined!.peer, encodeSyncStep1Vector(Uint8Array.of(0)))
      times.push(cpu() - t0)
      joined!.room.close(joined!.peer, CLOSE.shuttingDown)
      // The board leaves memory (idleUnloadMs 0): the next open reads it from disk again.
      for (let w = 0; rooms.size > 0 && w < 1000; w++) await new Promise((r) => setTimeout(r, 1))
    }
  } finally {
    await rooms.stop(CLOSE.shuttingDown)
    storage.close()
  }
  return { startMs, openMs: median(times) }
}

async function main() {
  const many = makeDir(BOARDS)
  const one = makeDir(1)
  try {
    type Pass = { startMs: number; openMs: number }
    const r: { many: Pass[]; one: Pass[] } = { many: [], one: [] }
    for (let p = 0; p < 5; p++) {
      r.many.push(await opens(many, BOARDS))
      r.one.push(await opens(one, 1))
    }
    for (const k of ['many', 'one'] as const) {
      console.log(
        `${k === 'many' ? BOARDS : 1} boards on disk: storage open ${median(r[k].map((x) => x.startMs)).toFixed(2)} ms CPU, ` +
          `a board's open ${median(r[k].map((x) => x.openMs)).toFixed(2)} ms CPU (median of ${OPENS} × 5)`,
      )
    }
  } finally {
    rmSync(many, { recursive: true, force: true })
    rmSync(one, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`micro-boards: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
