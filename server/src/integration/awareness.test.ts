import { PRESENCE, readPresence } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { awarenessMessage, decodeMessage } from '../testing/fakes'
import { newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

type Entry = { id: number; clock: number; state: unknown }
const entries = (frames: Uint8Array[]): Entry[] =>
  frames.map(decodeMessage).flatMap((m) => (m.kind === 'awareness' ? m.entries : []))

describe('awareness relay', () => {
  it('[G9] relays a connection’s change, stamped, to the others and not back to it', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    const w = t.raw(board.id, board.links.participant.token)
    await Promise.all([r.opened, w.opened])
    r.send(awarenessMessage([{ id: 4242, clock: 1, state: { user: { name: 'Me' } } }]))
    await waitFor(() => entries(w.frames).some((e) => e.id === 4242))
    // As the server stamped it: a connection without a credential is nobody by name [P2.4].
    expect(entries(w.frames)).toEqual([
      {
        id: 4242,
        clock: 1,
        state: {
          user: { id: expect.stringMatching(/^c-/), name: '', city: '', role: 'participant' },
        },
      },
    ])
    // The sender holds its state at that clock already: a later change of w's reaches it, its
    // own never did.
    w.send(awarenessMessage([{ id: 4343, clock: 1, state: {} }]))
    await waitFor(() => entries(r.frames).some((e) => e.id === 4343))
    expect(entries(r.frames).map((e) => e.id)).toEqual([4343])
  })

  it('[P2.4] [F14.5] a state says who the server knows; nobody takes over another connection’s state', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const ana = await t.person('Ana', 'Braga')
    const a = t.client(board.id, board.links.participant.token, ana)
    const w = t.client(board.id, board.links.facilitator.token)
    await Promise.all([a.synced, w.synced])
    // Ana's client claims to be a facilitator called Boss.
    a.provider.awareness.setLocalStateField(PRESENCE.user, {
      id: 'p-boss',
      name: 'Boss',
      city: 'Nowhere',
      color: '#abc',
      role: 'facilitator',
    })
    const idA = a.doc.clientID
    const seen = () => readPresence(w.provider.awareness.getStates().get(idA)).user
    await waitFor(() => seen()?.color === '#abc')
    expect(seen()).toEqual({
      id: ana.id,
      name: 'Ana',
      city: 'Braga',
      color: '#abc',
      role: 'participant',
    })
    // An observer writes Ana's client id with a higher clock: nobody else sees it.
    const o = t.raw(board.id, board.links.observer.token)
    await o.opened
    o.send(
      awarenessMessage([
        {
          id: idA,
          clock: 999,
          state: { user: { id: ana.id, name: 'Hijacked', role: 'facilitator' } },
        },
      ]),
    )
    a.provider.awareness.setLocalStateField(PRESENCE.cursor, { x: 7, y: 7 })
    await waitFor(() => readPresence(w.provider.awareness.getStates().get(idA)).cursor?.x === 7)
    for (const d of [w, a].map((c) => c.provider.awareness.getStates().get(idA))) {
      expect(readPresence(d).user?.name).not.toBe('Hijacked')
    }
    expect(seen()?.name).toBe('Ana')
  })

  it('relays each change once, though y-websocket 3.1 clients re-send what they apply', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const a = t.client(board.id, board.links.participant.token)
    const b = t.client(board.id, board.links.participant.token)
    const c = t.client(board.id, board.links.participant.token)
    await Promise.all([a.synced, b.synced, c.synced])
    const watcher = t.raw(board.id, board.links.observer.token)
    await watcher.opened
    const idA = a.doc.clientID
    const idB = b.doc.clientID
    for (let i = 1; i <= 5; i++) {
      a.provider.awareness.setLocalStateField(PRESENCE.cursor, { x: i, y: i })
      await waitFor(() => readPresence(b.provider.awareness.getStates().get(idA)).cursor?.x === i)
    }
    b.provider.awareness.setLocalStateField(PRESENCE.cursor, { x: 99, y: 99 })
    await waitFor(() =>
      entries(watcher.frames).some((e) => e.id === idB && readPresence(e.state).cursor?.x === 99),
    )
    const seenA = entries(watcher.frames).filter((e) => e.id === idA)
    // Every (id, clock) pair of A at most once: B's and C's re-sends were not relayed.
    const pairs = seenA.map((e) => e.clock)
    expect(new Set(pairs).size).toBe(pairs.length)
    expect(seenA.at(-1)?.state).toMatchObject({ cursor: { x: 5, y: 5 } })
  })

  it('[G9] past the server’s presence budget, a board’s changes are coalesced over a longer tick', async () => {
    // A budget of 10 writes a second: 3 connections stretch every tick to 300 ms.
    t = await newTestServer({ limits: { maintenanceMs: 50, awarenessServerWritesPerSecond: 10 } })
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    const w = t.raw(board.id, board.links.participant.token)
    const o = t.raw(board.id, board.links.observer.token)
    await Promise.all([r.opened, w.opened, o.opened])
    await waitFor(() => t.server.rooms.get(board.id)?.presenceTickMs === 300)
    for (let clock = 1; clock <= 4; clock++) {
      r.send(awarenessMessage([{ id: 777, clock, state: { cursor: { x: clock, y: 0 } } }]))
      await new Promise((done) => setTimeout(done, 20))
    }
    await waitFor(() => entries(w.frames).some((e) => e.id === 777 && e.clock === 4))
    // The first change at once, the three after it in one message at the tick's end.
    expect(
      entries(w.frames)
        .filter((e) => e.id === 777)
        .map((e) => e.clock),
    ).toEqual([1, 4])
  })

  it('removes a closed connection’s presence for everyone', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const b = t.client(board.id, board.links.participant.token)
    await b.synced
    // A raw socket that vanishes without saying goodbye: only the server can remove its state.
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    r.send(awarenessMessage([{ id: 31337, clock: 3, state: { user: { name: 'Leaving' } } }]))
    await waitFor(() => b.provider.awareness.getStates().has(31337))
    r.ws.terminate()
    await waitFor(() => !b.provider.awareness.getStates().has(31337))
  })
})
