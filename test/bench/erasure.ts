/**
 * `npm run bench:erase`: the erasure of a 2,000-note board on the project's server as
 * `npm start` runs it (its bundle under plain node), timed from the HTTP request to its answer
 * (the answer comes once the new epoch is committed). Each round erases a fresh board written
 * by real clients (20 writers, every note moved once, so the log holds history too) while 20
 * clients are connected: the whole board (`{ all: true }`), then one person's 100 notes
 * (`{ authorId }`) on another. Every round is printed, then medians and worst cases.
 *
 *   tsx test/bench/erasure.ts [--rounds N] [--notes N] [--tsx]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { BoardClient } from './boardClient'
import { buildBundle, type ChildServer, createBoards, startChild } from './childServer'
import { pushBoard } from './coldOpen'
import { TIMEOUT } from './config'
import { createAt, nudge } from './edits'
import { cpuMs, nowMs, waitFor } from './proc'
import { storedBoardBytes } from './sqliteBytes'
import { median } from './stats'

interface EraseRound {
  kind: 'all' | 'author'
  notes: number
  erased: number
  /** Request sent → answer received: the erasure is on disk. */
  answerMs: number
  /** The server's own time for it (plan, store, checkpoint), from its log line. */
  serverMs: number | null
  /** Of which: planning the new epoch, storing it, the checkpoint (its fsyncs). */
  stages: { planMs: number; storeMs: number; scrubMs: number } | null
  /** Request sent → every connected client closed as stale (4410). */
  allClosedMs: number
  serverCpuMs: number
  /** The board's stored bytes (snapshot + log) before, and the new epoch's snapshot after. */
  storedBefore: number
  storedAfter: number
}

const WRITERS = 20
const CONNECTED = 20

/** Note creations by WRITERS clients, then every note moved once by its writer. */
function historyUpdates(notes: number, seed: number): Uint8Array[] {
  const gen = prng.create(seed)
  const docs = Array.from({ length: WRITERS }, () => new Y.Doc())
  const updates: Uint8Array[] = []
  for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u))
  const t0 = Date.UTC(2026, 0, 15, 9)
  for (let i = 0; i < notes; i++)
    createAt(docs[i % WRITERS]!, gen, `n-${i}`, `w${i % WRITERS}`, t0 + i)
  for (let i = 0; i < notes; i++) nudge(docs[i % WRITERS]!, gen, `n-${i}`, t0 + notes + i)
  for (const d of docs) d.destroy()
  return updates
}

interface ErasedLine {
  ms: number
  planMs: number
  storeMs: number
  scrubMs: number
}

/** The server's last "board erased" log line for `boardId`: its own times. */
function loggedTimes(s: ChildServer, boardId: string): ErasedLine | null {
  let found: ErasedLine | null = null
  for (const line of s.output().split('\n')) {
    if (!line.includes('board erased') || !line.includes(boardId)) continue
    try {
      const v = JSON.parse(line) as Partial<ErasedLine>
      if (typeof v.ms === 'number') found = v as ErasedLine
    } catch {
      // Not a whole JSON line (the tail's first): skip.
    }
  }
  return found
}

function storedBytes(s: ChildServer, boardId: string): number {
  const b = storedBoardBytes(s.dataDirPath!, boardId)
  return b ? b.snapshotBytes + b.logBytes : 0
}

async function round(s: ChildServer, kind: EraseRound['kind'], notes: number, seed: number) {
  const [board] = await createBoards(s, 1)
  if (!board) throw new Error('no board')
  await pushBoard(s, board, historyUpdates(notes, seed), notes)
  const clients = Array.from(
    { length: CONNECTED },
    (_, i) =>
      new BoardClient({
        syncUrl: s.syncUrl,
        board: board.id,
        token: board.token,
        name: `c${i}`,
        observe: false,
      }),
  )
  try {
    await Promise.all(clients.map((c) => c.whenSynced(TIMEOUT.syncMs)))
    const storedBefore = storedBytes(s, board.id)
    const body = kind === 'all' ? { all: true } : { authorId: 'u-w3' }
    const cpu0 = cpuMs(s.pid)
    const t0 = nowMs()
    const res = await fetch(`${s.url}/api/boards/${board.id}/erase`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${board.facilitatorToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })
    const answerMs = nowMs() - t0
    if (res.status !== 200) throw new Error(`erase answered ${res.status}: ${await res.text()}`)
    const answer = (await res.json()) as { erased: boolean; notes: number }
    await waitFor(
      'every client closed as stale',
      () => clients.every((c) => c.terminal?.code === 4410),
      TIMEOUT.syncMs,
    )
    const allClosedMs = nowMs() - t0
    const serverCpuMs = cpuMs(s.pid) - cpu0
    const logged = loggedTimes(s, board.id)
    return {
      kind,
      notes,
      erased: answer.notes,
      answerMs,
      serverMs: logged?.ms ?? null,
      stages: logged
        ? { planMs: logged.planMs, storeMs: logged.storeMs, scrubMs: logged.scrubMs }
        : null,
      allClosedMs,
      serverCpuMs,
      storedBefore,
      storedAfter: storedBytes(s, board.id),
    } satisfies EraseRound
  } finally {
    for (const c of clients) c.destroy()
  }
}

async function main() {
  const argv = process.argv.slice(2)
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(name)
    const v = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a whole number`)
    return v
  }
  const rounds = flag('--rounds', 5)
  const notes = flag('--notes', 2000)
  const bundled = !argv.includes('--tsx')
  if (bundled) buildBundle()
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-erase-'))
  const server = await startChild({
    kind: 'project',
    dataDir,
    runtime: bundled ? 'bundle' : 'tsx',
    // Its "board erased" lines carry its own time for each erasure.
    env: { LOG_LEVEL: 'info' },
  })
  const results: EraseRound[] = []
  try {
    for (let r = 0; r < rounds; r++) {
      for (const kind of ['all', 'author'] as const) {
        const x = await round(server, kind, notes, r + 1)
        results.push(x)
        console.log(
          `round ${r + 1} ${kind.padEnd(6)} erased ${String(x.erased).padStart(4)} of ${x.notes}: ` +
            `answer ${x.answerMs.toFixed(1)} ms (server ${x.serverMs ?? '?'} ms: plan ${x.stages?.planMs ?? '?'}, store ${x.stages?.storeMs ?? '?'}, checkpoint ${x.stages?.scrubMs ?? '?'}), all ${CONNECTED} clients closed ${x.allClosedMs.toFixed(1)} ms, ` +
            `server CPU ${x.serverCpuMs} ms, stored ${(x.storedBefore / 1024).toFixed(0)} KiB → ${(x.storedAfter / 1024).toFixed(0)} KiB`,
        )
      }
    }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  for (const kind of ['all', 'author'] as const) {
    const xs = results.filter((x) => x.kind === kind)
    const answers = xs.map((x) => x.answerMs)
    console.log(
      `${kind}: answer median ${median(answers).toFixed(1)} ms, worst ${Math.max(...answers).toFixed(1)} ms; ` +
        `server's own median ${median(xs.map((x) => x.serverMs ?? Number.NaN)).toFixed(0)} ms; ` +
        `clients closed median ${median(xs.map((x) => x.allClosedMs)).toFixed(1)} ms; ` +
        `server CPU median ${median(xs.map((x) => x.serverCpuMs))} ms`,
    )
  }
  const worst = Math.max(...results.map((x) => x.answerMs))
  console.log(
    worst < 1000
      ? `every erasure of a ${notes}-note board answered in under a second (worst ${worst.toFixed(1)} ms)`
      : `an erasure took ${worst.toFixed(1)} ms: over the one-second bar`,
  )
}

main().catch((e: Error) => {
  console.error(`bench:erase: ${e.message}`)
  process.exit(1)
})
