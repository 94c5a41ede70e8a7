/**
 * Ways to relay a turn's updates of one board, in process, CPU time per turn:
 *
 *   npx tsx test/bench/micro-turnrelay.ts [UPDATES_PER_TURN] [SOCKETS]   (defaults 2 and 8)
 *
 * Each turn holds UPDATES_PER_TURN new notes of different writers; every way writes the turn to
 * SOCKETS real TCP sockets on 127.0.0.1 (a child process reads and drops the bytes), frames
 * built as the sync server builds them (ws/frames.ts):
 * - `cork`: each update framed once, every socket corked, its frames written, uncorked (what the
 *   group commit does, TurnWrites.committed);
 * - `merge`: the updates merged into one (Y.mergeUpdates), one message framed once, one write a
 *   socket;
 * - `concat`: the frames of the updates in one buffer, one write a socket (every connection,
 *   writers included, gets every update).
 * Passes alternate; diagnostic figures for choosing, not the bar's.
 */
import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { seedBoard } from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { encodeUpdate } from '../../server/src/protocol/messages'
import { binaryFrame } from '../../server/src/ws/frames'
import { createAt } from './edits'

const PER_TURN = Number(process.argv[2] ?? 2)
const SOCKETS = Number(process.argv[3] ?? 8)
const TURNS = 3000
const PASSES = 4

const SINK = `const s = require('node:net').createServer((c) => c.on('data', () => {}))
s.listen(0, '127.0.0.1', () => console.log(s.address().port))`

async function main() {
  const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const port = await new Promise<number>((resolve) =>
      sink.stdout!.once('data', (d) => resolve(Number(String(d)))),
    )
    const sockets = await Promise.all(
      Array.from(
        { length: SOCKETS },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => resolve(s))
            s.setNoDelay(true)
          }),
      ),
    )
    const seed = new Y.Doc()
    seedBoard(seed, { title: 'Breakout' })
    const seedUpdate = Y.encodeStateAsUpdate(seed)
    const writers = Array.from({ length: PER_TURN }, () => {
      const d = new Y.Doc()
      Y.applyUpdate(d, seedUpdate)
      return d
    })
    const gen = prng.create(1)
    const turns: Uint8Array[][] = []
    for (let i = 0; i < TURNS; i++) {
      const turn: Uint8Array[] = []
      for (const d of writers) {
        const on = (u: Uint8Array) => turn.push(u)
        d.on('update', on)
        createAt(d, gen, `n${i}w${d.clientID}`, `w${d.clientID}`, Date.now() + 0.5)
        d.off('update', on)
      }
      turns.push(turn)
    }
    const ways: Record<string, (turn: Uint8Array[]) => void> = {
      cork(turn) {
        const frames = turn.map((u) => binaryFrame(encodeUpdate(u)))
        for (const s of sockets) {
          s.cork()
          for (const f of frames) s.write(f)
          s.uncork()
        }
      },
      merge(turn) {
        const f = binaryFrame(encodeUpdate(turn.length === 1 ? turn[0]! : Y.mergeUpdates(turn)))
        for (const s of sockets) s.write(f)
      },
      concat(turn) {
        const f = Buffer.concat(turn.map((u) => binaryFrame(encodeUpdate(u))))
        for (const s of sockets) s.write(f)
      },
    }
    console.log(`${PER_TURN} updates a turn, ${SOCKETS} sockets, ${TURNS} turns a pass`)
    for (let pass = 1; pass <= PASSES; pass++) {
      const line: string[] = []
      for (const [name, way] of Object.entries(ways)) {
        const c0 = process.cpuUsage()
        for (let i = 0; i < turns.length; i++) {
          way(turns[i]!)
          // Let the sockets drain now and then, as turns of a live server do.
          if (i % 20 === 19) await new Promise((r) => setImmediate(r))
        }
        const c = process.cpuUsage(c0)
        line.push(`${name} ${((c.user + c.system) / TURNS).toFixed(1)}`)
      }
      console.log(`pass ${pass}: ${line.join(', ')} µs CPU a turn`)
    }
    for (const s of sockets) s.destroy()
  } finally {
    sink.kill()
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`micro-turnrelay: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
