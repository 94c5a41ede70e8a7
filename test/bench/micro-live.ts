/**
 * What the dashboard's live view costs the server, measured apart from the noise of a full
 * load: the project's bundle as a child, sessions of five boards with a client on each, every
 * board holding notes. Rounds alternate three passes of the same edits (one new note on every
 * board, `iterations` times, 20 ms apart): edits only; edits with one live answer per session
 * after each pass (`GET /live`: every answer computes the figures of five changed boards); and
 * edits with a live stream open on every session (SE4.5: at most one event per 500 ms). The
 * difference of the server's CPU (from /proc), divided by the answers or events, is the cost
 * of one.
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
    /** Live streams on every session, counting their events until stopped. */
    const streams = () => {
      const ctrl = new AbortController()
      let events = 0
      const done = sessions.map(async (s) => {
        const r = await fetch(`${server.url}/api/sessions/${s.id}/live/stream`, {
          headers: { authorization: `Bearer ${s.token}` },
          signal: ctrl.signal,
        })
        const reader = r.body!.getReader()
        const text = new TextDecoder()
        for (;;) {
          const { value, done: ended } = await reader.read()
          if (ended) return
          events += text.decode(value).split('event: rooms').length - 1
        }
      })
      return {
        async stop() {
          ctrl.abort()
          await Promise.allSettled(done)
          return events
        },
      }
    }
    const pass = async (variant: 'edits' | 'answers' | 'streams') => {
      const open = variant === 'streams' ? streams() : null
      await settle()
      const c0 = cpuMs(server.pid)
      let bytes = 0
      for (let i = 0; i < iterations; i++) {
        for (const c of clients) note(c)
        await new Promise((r) => setTimeout(r, 20))
        if (variant === 'answers') for (const s of sessions) bytes += await live(s)
      }
      await settle()
      const ms = cpuMs(server.pid) - c0
      const events = (await open?.stop()) ?? 0
      return { ms, bytes, events }
    }
    const cpu = { edits: [] as number[], answers: [] as number[], streams: [] as number[] }
    const events: number[] = []
    let bytes = 0
    await pass('answers') // warm-up, not counted
    for (let r = 0; r < rounds; r++) {
      cpu.edits.push((await pass('edits')).ms)
      const a = await pass('answers')
      cpu.answers.push(a.ms)
      bytes = a.bytes
      const st = await pass('streams')
      cpu.streams.push(st.ms)
      events.push(st.events)
      console.log(
        `round ${r + 1}: edits only ${cpu.edits.at(-1)} ms, with answers ${cpu.answers.at(-1)} ms, ` +
          `with streams ${cpu.streams.at(-1)} ms (${st.events} events)`,
      )
    }
    const answers = iterations * sessions.length
    const base = median(cpu.edits)
    const perAnswer = (median(cpu.answers) - base) / answers
    const perEvent = (median(cpu.streams) - base) / median(events)
    console.log(
      `${sessions.length} sessions of 5 boards (${notesPerBoard}+ notes each), ${iterations} passes of edits: ` +
        `server CPU ${base} ms with edits only; ${answers} answers (${Math.round(bytes / answers)} bytes each) ` +
        `${median(cpu.answers)} ms, ${(perAnswer * 1000).toFixed(0)} µs each; streams ${median(cpu.streams)} ms ` +
        `for ${median(events)} events, ${(perEvent * 1000).toFixed(0)} µs each`,
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
