/**
 * What one answer of the dashboard's live view costs the server, measured apart from the noise
 * of a full load: the project's bundle as a child, sessions of five boards with a client on
 * each, every board holding notes. Rounds alternate: edits only (one new note on every board,
 * `iterations` times), and the same edits with one live answer per session after each pass
 * (its boards all changed, so every answer computes the figures of five boards afresh). The
 * difference of the server's CPU (from /proc), divided by the answers, is one answer's cost.
 *
 *   tsx test/bench/micro-live.ts [iterations] [notesPerBoard] [rounds]
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNote } from '@sensemaking/shared'
import { BoardClient } from './boardClient'
import { buildBundle, createSessions, startChild } from './childServer'
import { cpuMs } from './proc'
import { median } from './stats'

const settle = () => new Promise((r) => setTimeout(r, 300))

async function main() {
  const iterations = Number(process.argv[2] ?? 40)
  const notesPerBoard = Number(process.argv[3] ?? 60)
  const rounds = Number(process.argv[4] ?? 4)
  buildBundle()
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-live-'))
  const prof = process.env.MICRO_PROF_DIR
  const server = await startChild({
    kind: 'project',
    dataDir,
    runtime: 'bundle',
    nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  })
  const clients: BoardClient[] = []
  try {
    const { boards, sessions } = await createSessions(server, 50, 5)
    for (const b of boards) {
      clients.push(
        new BoardClient({
          syncUrl: server.syncUrl,
          board: b.id,
          token: b.token,
          name: b.id,
          observe: false,
        }),
      )
    }
    await Promise.all(clients.map((c) => c.whenSynced(30_000)))
    let made = 0
    const note = (c: BoardClient) =>
      createNote(c.doc, {
        text: `bike lanes and heat pumps ${made++}`,
        column: 'what',
        lever: 'finance-funding',
        city: 'Lahti',
        x: 40 + (made % 9) * 220,
        y: 300 + made * 3,
      })
    for (const c of clients) for (let i = 0; i < notesPerBoard; i++) note(c)
    await settle()
    const live = async (s: { id: string; token: string }) => {
      const r = await fetch(`${server.url}/api/sessions/${s.id}/live`, {
        headers: { authorization: `Bearer ${s.token}` },
      })
      if (r.status !== 200) throw new Error(`live ${r.status}`)
      return (await r.text()).length
    }
    const pass = async (withLive: boolean) => {
      const c0 = cpuMs(server.pid)
      let bytes = 0
      for (let i = 0; i < iterations; i++) {
        for (const c of clients) note(c)
        await new Promise((r) => setTimeout(r, 20))
        if (withLive) for (const s of sessions) bytes += await live(s)
      }
      await settle()
      return { ms: cpuMs(server.pid) - c0, bytes }
    }
    const without: number[] = []
    const withLive: number[] = []
    let bytes = 0
    await pass(true) // warm-up, not counted
    for (let r = 0; r < rounds; r++) {
      without.push((await pass(false)).ms)
      const w = await pass(true)
      withLive.push(w.ms)
      bytes = w.bytes
      console.log(
        `round ${r + 1}: edits only ${without.at(-1)} ms, with live answers ${withLive.at(-1)} ms`,
      )
    }
    const answers = iterations * sessions.length
    const extra = median(withLive) - median(without)
    console.log(
      `${answers} answers of ${sessions[0] ? 5 : 0} boards (${notesPerBoard}+ notes each, ${Math.round(bytes / answers)} bytes each) per round: ` +
        `server CPU ${median(without)} ms without, ${median(withLive)} ms with: ${((extra / answers) * 1000).toFixed(0)} µs per answer`,
    )
  } finally {
    for (const c of clients) c.destroy()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`micro-live: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
