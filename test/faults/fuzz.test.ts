/**
 * Bad input: 10,000 fuzzed frames over raw connections with a valid token. A bad message
 * closes its own connection only; after every batch the server answers its health check and
 * another board, with two real clients, keeps syncing.
 */
import { CLOSE, createNote, notesMap } from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/src/config'
import { type FuzzTally, fuzzStream, newTally } from './fuzzer'
import {
  type BoardClient,
  clientOf,
  createBoards,
  faultSeed,
  healthy,
  metricLines,
  ServerUnderTest,
  waitFor,
} from './support'

const FRAMES = 10_000
const BATCHES = 10
/** Parallel fuzzing connections. */
const STREAMS = 4
/** The server runs with its default limits: oversized frames go just over its maximum. */
const MAX_MESSAGE_BYTES = DEFAULT_LIMITS.maxMessageBytes
/** Every code the server may close with: its table, and ws's own for a frame over maxPayload. */
const KNOWN_CODES = new Set<number>([...Object.values(CLOSE).map((c) => c.code), 1009])

/** "4400 malformed ×12, …" */
function codeNames(closes: Record<number, number>): string {
  return Object.entries(closes)
    .map(([code, n]) => {
      const names = Object.entries(CLOSE)
        .filter(([, c]) => c.code === Number(code))
        .map(([k]) => k)
      return `${code} ${names.join('/') || (code === '1009' ? 'ws maxPayload' : '?')} ×${n}`
    })
    .join(', ')
}

describe('fuzzed frames', () => {
  const sut = new ServerUnderTest()
  const clients: BoardClient[] = []
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await sut.dispose()
  })

  it('close only their own connection; the server and another board carry on', async () => {
    const seed = faultSeed('fuzz')
    await sut.start()
    const [target, other] = await createBoards(sut.server, 2)
    if (!target || !other) throw new Error('no boards')
    const writer = clientOf(sut, other, 'writer')
    const reader = clientOf(sut, other, 'reader')
    clients.push(writer, reader)
    await Promise.all(clients.map((c) => c.whenSynced(30_000)))

    const url = `${sut.syncUrl}/${target.id}?token=${encodeURIComponent(target.token)}`
    const tally: FuzzTally = newTally()
    const gens = Array.from({ length: STREAMS }, (_, i) => prng.create(seed + i))
    let liveChecks = 0
    for (let b = 0; b < BATCHES; b++) {
      const perStream = FRAMES / BATCHES / STREAMS
      await Promise.all(gens.map((g) => fuzzStream(url, g, perStream, tally, MAX_MESSAGE_BYTES)))
      expect(await healthy(sut.url), `health after batch ${b + 1}`).toBe(true)
      // The other board still syncs: a new note from one client reaches the other.
      const id = `alive-${b}`
      createNote(writer.doc, { id, text: `batch ${b}`, column: 'what', x: 100, y: 300 })
      await waitFor(`note ${id} at the reader`, () => notesMap(reader.doc).has(id), 10_000)
      liveChecks++
    }
    expect(sut.server.child.exitCode).toBeNull()

    const rejected = await metricLines(sut.server, /reject|malformed|closed/i)
    console.log(
      `[fuzz] frames sent ${tally.sent} over ${tally.connections} connections; kept open after ${tally.kept}; ` +
        `closed by code ${codeNames(tally.closes)}; other board synced after ${liveChecks}/${BATCHES} batches`,
    )
    console.log(`[fuzz] by kind ${JSON.stringify(tally.byKind)}`)
    console.log(`[fuzz] server metrics:\n  ${rejected.join('\n  ')}`)
    expect(tally.sent).toBe(FRAMES)
    expect(liveChecks).toBe(BATCHES)
    // Garbage must have closed connections, and every close carries a code of the table.
    expect(Object.keys(tally.closes).length).toBeGreaterThan(0)
    expect(
      Object.keys(tally.closes)
        .map(Number)
        .filter((c) => !KNOWN_CODES.has(c)),
    ).toEqual([])
  })
})
