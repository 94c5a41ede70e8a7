/**
 * The hostile suite's probe, in a process of its own so the attacker's work in the test process
 * (building and sending megabytes) cannot delay it: two participants of one board, one moving
 * a note, the other timing when each move arrives.
 *
 *   node --import tsx test/faults/probe.ts <syncUrl> <boardId> <token>
 *
 * Prints `ready` once both clients synced, times trips until a line `stop` arrives on stdin and
 * at least MIN_TRIPS were made, then prints one JSON line `{ trips, maxMs, medianMs }` and exits.
 * The minimum keeps the median about the board's syncing around a short attack: with one or two
 * trips, a trip that waited out one stall of the server (bounded apart, by its CPU per step)
 * would be the median.
 */
import { createInterface } from 'node:readline'
import { createNote, NOTE, notesMap } from '@sensemaking/shared'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const [syncUrl, boardId, token] = process.argv.slice(2)
if (!syncUrl || !boardId || !token) throw new Error('usage: probe.ts <syncUrl> <boardId> <token>')

function client() {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(syncUrl!, boardId!, doc, {
    params: { token: token! },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  })
  const synced = new Promise<void>((resolve) =>
    provider.once('sync', (s: boolean) => s && resolve()),
  )
  return { doc, provider, synced }
}

/** Resolve once `check` holds, polling every millisecond. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 1))
}

const writer = client()
const reader = client()
await Promise.all([writer.synced, reader.synced])
const id = createNote(writer.doc, { text: 'probe', column: 'what', x: 100, y: 300 })
await until(() => notesMap(reader.doc).has(id))
const note = (d: Y.Doc) => notesMap(d).get(id) as Y.Map<unknown>

/** Trips made at least, however short the attack. */
const MIN_TRIPS = 6
let running = true
createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'stop') running = false
})
console.log('ready')
const trips: number[] = []
for (let i = 1; running || trips.length < MIN_TRIPS; i++) {
  const x = 100 + (i % 500)
  const t0 = performance.now()
  note(writer.doc).set(NOTE.x, x)
  await until(() => note(reader.doc).get(NOTE.x) === x)
  trips.push(performance.now() - t0)
  await new Promise((r) => setTimeout(r, 10))
}
trips.sort((a, b) => a - b)
console.log(
  JSON.stringify({
    trips: trips.length,
    maxMs: trips.at(-1) ?? 0,
    medianMs: trips[trips.length >> 1] ?? 0,
  }),
)
writer.provider.destroy()
reader.provider.destroy()
process.exit(0)
