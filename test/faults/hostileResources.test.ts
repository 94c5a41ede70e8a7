/**
 * Hostile use of resources [G6]–[G9], [G11] (docs/server.md), from the outside as a hostile link holder
 * would send it: real y-websocket clients and raw frames against the server as a child
 * process. Each test asserts the server's answer, that another board keeps syncing while the
 * attack runs (a probe's note moves between two clients of it, in a process of their own: the
 * median trip within 100 ms, and no step of the attack costing the server 100 ms of CPU), that
 * what the server stored equals what it serves, and that its resident memory grows by less
 * than a stated bound.
 */
import { CLOSE, createNote, notesMap } from '@sensemaking/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/src/config'
import { cpuMs, nowMs } from '../bench/proc'
import { encodeUpdate, Hostile, waitFor } from './hostile'
import { bigPresence, nullPresence, presenceIds, replicaOf, syncStep1 } from './hostileAttacks'
import { hostileSteps } from './hostileSteps'

const h = new Hostile()
beforeAll(() => h.start(), 60_000)
afterAll(() => h.dispose())
const { SYNC_MS, EMPTY_SV, sendThenBarrier, othersKeptSyncing, boardWithNote, unharmed } =
  hostileSteps(h)

describe('hostile use of resources', () => {
  it('[G9] presence: null states for ids nobody announced are neither kept nor relayed; one socket’s changes reach others at a person’s rate', async () => {
    const [target, other] = await h.boards(2)
    await boardWithNote(target!)
    const watcher = h.raw(target!.id, target!.links.observer)
    expect(await watcher.upgrade).toBeNull()
    const rss = h.rss()
    const presenceBytes = () =>
      watcher.frames.filter((f) => f[0] === 1).reduce((n, f) => n + f.length, 0)
    let relayed: number[] = []
    let flood = 0
    const probe = await h.underAttack(other!, async () => {
      const nulls = h.raw(target!.id, target!.links.participant)
      for (let i = 0; i < 10; i++) {
        await sendThenBarrier(`20,000 nulls #${i}`, nulls, [
          nullPresence(20_000, 1_000_000 + i * 20_000),
        ])
      }
      await sendThenBarrier('watcher', watcher, [])
      relayed = presenceIds(watcher.frames).filter((id) => id >= 1_000_000)
      // Two seconds of four 8 KB states a message, paced under the message budget.
      const chatty = h.raw(target!.id, target!.links.participant)
      expect(await chatty.upgrade).toBeNull()
      const start = presenceBytes()
      const t0 = Date.now()
      for (let clock = 1; Date.now() - t0 < 2000; clock++) {
        chatty.send(bigPresence([4242, 4243, 4244, 4245], clock, 8000))
        await new Promise((r) => setTimeout(r, 40))
      }
      await sendThenBarrier('watcher', watcher, [])
      flood = presenceBytes() - start
      expect(chatty.ws.readyState).toBe(chatty.ws.OPEN)
    })
    console.log(
      `[hostile] G9 null states relayed: ${relayed.length}; 2 s of 32 KB a message reached a peer as ${flood} B`,
    )
    expect(relayed).toEqual([])
    // 32 KiB/s and a burst of twice that: about 128 KiB over two seconds, not 1.3 MB (four
    // 8 KB states each tick, 20 ticks a second).
    expect(flood).toBeLessThan(200 * 1024)
    expect(flood).toBeGreaterThan(0)
    othersKeptSyncing(probe)
    await unharmed(target!, rss, 32)
  })

  it('[G6] sockets that never read and ask for the whole board again and again are dropped, not queued for', async () => {
    const [target, other] = await h.boards(2)
    const { fac } = await boardWithNote(target!)
    // About a megabyte of board.
    fac.doc.transact(() => {
      for (let i = 0; i < 300; i++)
        createNote(fac.doc, { text: `${i} ${'m'.repeat(3300)}`, column: 'now-what' })
    })
    const check = h.client(target!.id, target!.links.observer)
    await waitFor('the big board', () => notesMap(check.doc).size === 301, 20_000)
    check.destroy()
    const rss = h.rss()
    const dropped = await h.rejected('overloaded')
    const probe = await h.underAttack(other!, async () => {
      const sockets = Array.from({ length: 20 }, () =>
        h.raw(target!.id, target!.links.observer, { read: false }),
      )
      for (const s of sockets) expect(await s.upgrade).toBeNull()
      for (let i = 0; i < 40; i++) {
        await h.cost(`20 whole-board requests #${i}`, async () => {
          for (const s of sockets) s.send(syncStep1(EMPTY_SV))
          await new Promise((r) => setTimeout(r, 20))
        })
      }
      // A socket that does not read does not see its end either: the server's count tells.
      await waitFor(
        'the drops',
        async () => (await h.rejected('overloaded')) - dropped >= 20,
        60_000,
      )
    })
    othersKeptSyncing(probe)
    await unharmed(target!, rss, 96)
  })

  it('[G7] updates held for what they lack cost nothing on every later write, and are closed with a retryable code when it never comes', async () => {
    const [target, other] = await h.boards(2)
    const { fac } = await boardWithNote(target!)
    // Two sockets each hold an update whose first half never comes.
    const holders = await Promise.all(
      [1, 2].map(async () => {
        const d = replicaOf(fac.doc)
        const ups: Uint8Array[] = []
        d.on('update', (u: Uint8Array) => ups.push(u))
        createNote(d, { text: 'never sent', column: 'what' })
        d.transact(() => {
          // As much as a participant's held bytes take (about 600 KB): the more a held update
          // weighs, the more reading it again after every write would cost.
          for (let i = 0; i < 200; i++) createNote(d, { text: 'h'.repeat(3000), column: 'so-what' })
        })
        const r = h.raw(target!.id, target!.links.participant)
        await sendThenBarrier('a held update', r, [encodeUpdate(ups[1]!)])
        return r
      }),
    )
    const rss = h.rss()
    const watcher = h.client(target!.id, target!.links.observer)
    await watcher.synced
    const trips: number[] = []
    const probe = await h.underAttack(other!, async () => {
      for (let i = 0; i < 30; i++) {
        await h.cost(`edit ${i}`, async () => {
          const t0 = performance.now()
          const id = createNote(fac.doc, { text: `edit ${i}`, column: 'what' })
          await waitFor('the edit', () => notesMap(watcher.doc).has(id), 10_000, 1)
          trips.push(performance.now() - t0)
        })
      }
    })
    trips.sort((a, b) => a - b)
    console.log(
      `[hostile] G7 edits beside held updates: median ${trips[15]!.toFixed(1)} ms, max ${trips[29]!.toFixed(1)} ms`,
    )
    expect(trips[15]).toBeLessThan(SYNC_MS)
    // The held updates are not read again on every write: the 30 edits together cost the
    // server little (reading two held updates of 600 KB again after each would cost several
    // times this).
    const edits = h.costs.filter((c) => c.step.startsWith('edit')).reduce((n, c) => n + c.cpuMs, 0)
    console.log(`[hostile] G7 server CPU of the 30 edits: ${edits} ms`)
    expect(edits).toBeLessThan(200)
    othersKeptSyncing(probe)
    const codes = await Promise.all(holders.map((r) => r.closed))
    expect(codes).toEqual([CLOSE.outOfSync.code, CLOSE.outOfSync.code])
    expect(CLOSE.outOfSync.retries).toBe(true)
    await unharmed(target!, rss, 32)
  })

  it('[G8] 500 idle sockets on one observer link cannot lock a board: observers are capped, a full board is retried, the facilitator and participants get in; a burst from one address and wrong tokens hold no socket', async () => {
    const [target, other, third] = await h.boards(3)
    await boardWithNote(target!)
    const rss = h.rss()
    let refusedObservers = 0
    let burst: (number | null)[] = []
    let burstS = 0
    let wrongTokens: (number | null)[] = []
    let perSocketMs = 0
    const probe = await h.underAttack(other!, async () => {
      const pid = h.sut.server.pid
      const cpu0 = cpuMs(pid)
      // 500 observers from five addresses, a hundred each (each address's upgrade burst).
      const idle = Array.from({ length: 500 }, (_, i) =>
        h.raw(target!.id, target!.links.observer, { address: `198.51.100.${i % 5}` }),
      )
      expect(new Set(await Promise.all(idle.map((s) => s.upgrade)))).toEqual(new Set([null]))
      // The refused ones are closed at once; the others stay open (idle).
      await waitFor(
        'the refusals',
        () => idle.filter((s) => s.ws.readyState === s.ws.CLOSED).length >= 300,
        20_000,
      )
      perSocketMs = (cpuMs(pid) - cpu0) / 500
      const codes = await Promise.all(
        idle.map((s) => (s.ws.readyState === s.ws.CLOSED ? s.closed : Promise.resolve(0))),
      )
      refusedObservers = codes.filter((c) => c === CLOSE.boardFull.code).length
      // 150 at once from one address: past its burst of upgrades, refused before any token work.
      const burstAt = nowMs()
      burst = await h.cost('150 upgrades from one address', () =>
        Promise.all(
          Array.from(
            { length: 150 },
            () => h.raw(third!.id, third!.links.observer, { address: '198.51.100.99' }).upgrade,
          ),
        ),
      )
      burstS = (nowMs() - burstAt) / 1000
      wrongTokens = await h.cost('100 wrong tokens', () =>
        Promise.all(
          Array.from(
            { length: 100 },
            (_, i) => h.raw(target!.id, 'w'.repeat(32), { address: `203.0.113.${i}` }).upgrade,
          ),
        ),
      )
    })
    console.log(`[hostile] G8 server CPU per socket of the 500: ${perSocketMs.toFixed(2)} ms`)
    expect(perSocketMs).toBeLessThan(5)
    console.log(`[hostile] G8 observers refused a seat: ${refusedObservers} of 500`)
    expect(refusedObservers).toBe(300)
    expect(CLOSE.boardFull.retries).toBe(true)
    // The bucket (100) refills while the burst arrives (40 a second): on a busy machine the
    // 150 take seconds to arrive, so what gets through is bounded by the time they took.
    const through = burst.filter((s) => s === null).length
    console.log(
      `[hostile] G8 150 upgrades from one address in ${burstS.toFixed(2)} s: ${through} through, ` +
        `${burst.filter((s) => s === 429).length} answered 429`,
    )
    const { upgradeBurstPerAddress: bucket, upgradesPerSecondPerAddress: rate } = DEFAULT_LIMITS
    expect(through).toBeGreaterThanOrEqual(bucket)
    expect(through).toBeLessThanOrEqual(bucket + Math.ceil(rate * burstS) + 1)
    expect(burst.filter((s) => s !== null && s !== 429)).toEqual([])
    // Steps of many connections: their cost is per connection.
    for (const c of h.costs) {
      const n = Number(/^\d+/.exec(c.step)?.[0])
      expect(c.cpuMs / n, c.step).toBeLessThan(5)
    }
    expect(new Set(wrongTokens)).toEqual(new Set([401]))
    // Whoever runs the session, and the participants, still get in.
    const fac = h.client(target!.id, target!.links.facilitator)
    const part = h.client(target!.id, target!.links.participant)
    await Promise.all([fac.synced, part.synced])
    othersKeptSyncing(probe, { perStep: false })
    await unharmed(target!, rss, 96)
  })

  it('[G11] every answer is hardened: nosniff, no framing, a content policy; metrics need the admin token; tokens only in Authorization; harvests are attachments', async () => {
    const [target, other] = await h.boards(2)
    await boardWithNote(target!)
    const rss = h.rss()
    const answers: Record<string, unknown> = {}
    const probe = await h.underAttack(other!, async () => {
      const get = (path: string, token?: string) =>
        h.cost(path, () =>
          fetch(`${h.url}${path}`, {
            headers: token ? { authorization: `Bearer ${token}` } : {},
          }),
        )
      for (const path of [
        '/api/config',
        '/healthz',
        '/nothing-here',
        `/api/boards/${target!.id}/me`,
      ]) {
        const r = await get(path)
        answers[path] = [
          r.status,
          r.headers.get('x-content-type-options'),
          r.headers.get('x-frame-options'),
          r.headers.get('content-security-policy'),
        ]
      }
      answers.metricsOpen = (await get('/metrics')).status
      answers.metricsLink = (await get('/metrics', target!.links.facilitator)).status
      answers.metricsAdmin = (await get('/metrics', h.sut.server.adminToken)).status
      answers.tokenInUrl = (
        await get(`/api/boards/${target!.id}/me?token=${target!.links.observer}`)
      ).status
      answers.tokenInHeader = (
        await get(`/api/boards/${target!.id}/me`, target!.links.observer)
      ).status
      const harvest = await get(
        `/api/boards/${target!.id}/harvest?format=md`,
        target!.links.facilitator,
      )
      answers.harvest = [harvest.status, harvest.headers.get('content-disposition')]
    })
    const hardened = "default-src 'none'; frame-ancestors 'none'"
    expect(answers).toEqual({
      '/api/config': [200, 'nosniff', 'DENY', hardened],
      '/healthz': [200, 'nosniff', 'DENY', hardened],
      '/nothing-here': [404, 'nosniff', 'DENY', hardened],
      [`/api/boards/${target!.id}/me`]: [404, 'nosniff', 'DENY', hardened],
      metricsOpen: 401,
      metricsLink: 401,
      metricsAdmin: 200,
      tokenInUrl: 404,
      tokenInHeader: 200,
      harvest: [200, `attachment; filename="harvest-${target!.id}.md"`],
    })
    // The server's output never carries a token.
    expect(h.sut.server.output()).not.toContain(target!.links.facilitator)
    expect(h.sut.server.output()).not.toContain(h.sut.server.adminToken)
    othersKeptSyncing(probe)
    await unharmed(target!, rss, 32)
  })
})
