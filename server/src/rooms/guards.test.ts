import { CLOSE, createNote, readBoard, setText } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveLimits } from '../config'
import { scanUpdate } from '../guard/scan'
import { encodeUpdate, SYNC } from '../protocol/messages'
import { awarenessMessage, fakeConnection } from '../testing/fakes'
import { captureUpdate } from '../testing/replicas'
import { awareness, setup, stopRooms, storedText, syncUpdates } from '../testing/roomHarness'
import { Peer } from './connection'
import { HeldUpdates } from './held'
import { readStoredDoc } from './loadDoc'

afterEach(stopRooms)

describe('[G6] budgets per connection, per board and per server', () => {
  it('closes a connection whose work (applying, answering) is spent, with a retryable code', async () => {
    // A budget of 1 ms of work: the first write is taken, and leaves the budget in debt.
    const t = setup({ workMsPerSecond: 1, workMsBurst: 0.001 })
    const a = await t.client('participant')
    a.write((d) => {
      d.transact(() => {
        for (let i = 0; i < 50; i++) createNote(d, { text: `n${i}`, column: 'what' })
      })
    })
    expect(a.conn.closed).toBeNull()
    a.write((d) => createNote(d, { text: 'one more', column: 'what' }))
    expect(a.conn.closed?.code).toBe(CLOSE.rateLimited.code)
    expect(t.metrics.rejected.get('rate-limited')).toBe(1)
    // Once the debt is repaid (the budget refills over time), writes are taken again.
    t.tick(2000)
    const b = await t.client('participant')
    b.write((d) => createNote(d, { text: 'later', column: 'what' }))
    expect(b.conn.closed).toBeNull()
  })

  it('shares a board’s byte budget among its connections, and the server’s among its boards', async () => {
    const t = setup({ boardBytesPerSecond: 100, serverBytesPerSecond: 1e9 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    a.room.receive(
      a.peer!,
      awarenessMessage([{ id: 1, clock: 1, state: { pad: 'x'.repeat(150) } }]),
    )
    b.room.receive(b.peer!, awarenessMessage([{ id: 2, clock: 1, state: { pad: 'y'.repeat(30) } }]))
    expect(a.conn.closed).toBeNull()
    expect(b.conn.closed?.code).toBe(CLOSE.rateLimited.code)
    expect(t.metrics.rejected.get('board-busy')).toBe(1)
    // Another board has its own budget; the server's is shared by both.
    const other = setup({ serverBytesPerSecond: 100 })
    const c = await other.client('participant', 'b1')
    const d = await other.client('participant', 'b2')
    c.room.receive(
      c.peer!,
      awarenessMessage([{ id: 3, clock: 1, state: { pad: 'x'.repeat(150) } }]),
    )
    d.room.receive(d.peer!, awarenessMessage([{ id: 4, clock: 1, state: { pad: 'y'.repeat(30) } }]))
    expect(d.conn.closed?.code).toBe(CLOSE.rateLimited.code)
    expect(other.metrics.rejected.get('server-busy')).toBe(1)
  })

  it('answers every fresh client’s first sync with one shared message, not a copy each', async () => {
    const t = setup()
    const a = await t.client('participant')
    a.write((d) => createNote(d, { text: 'something to send', column: 'what' }))
    const answers = []
    for (let i = 0; i < 3; i++) {
      const c = await t.client('observer')
      c.room.receive(c.peer!, Uint8Array.from([0, SYNC.step1, 1, 0]))
      answers.push(c.conn.sent.at(-1))
    }
    expect(answers[0]).toBeDefined()
    expect(answers[1]).toBe(answers[0])
    expect(answers[2]).toBe(answers[0])
  })
})

describe('[G7] held updates', () => {
  it('holds an update until the client it waits for advances, then applies it, without reading it again', async () => {
    const t = setup()
    const a = await t.client('participant')
    const ups: Uint8Array[] = []
    a.doc.on('update', (u: Uint8Array) => ups.push(u))
    createNote(a.doc, { id: 'first', text: 'first', column: 'what' })
    createNote(a.doc, { id: 'second', text: 'second', column: 'what' })
    a.room.receive(a.peer!, encodeUpdate(ups[1]!))
    expect(a.peer!.held.size).toBe(1)
    const held = [...a.peer!.held][0]!
    // Other writes do not wake it: it waits for its own client's first note.
    const b = await t.client('participant')
    for (let i = 0; i < 5; i++) b.write((d) => createNote(d, { text: `b${i}`, column: 'what' }))
    expect([...a.peer!.held]).toEqual([held])
    a.room.receive(a.peer!, encodeUpdate(ups[0]!))
    expect(a.peer!.held.size).toBe(0)
    expect(readBoard(a.room.doc).notes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['first', 'second']),
    )
  })

  it('indexes held updates by the client they wait for, and hands back only those whose every wait is met', () => {
    const limits = resolveLimits()
    const peer = new Peer(
      fakeConnection(),
      { role: 'participant', scope: 'board', scopeId: 'b', generation: 0 },
      limits,
      0,
    )
    const held = new HeldUpdates()
    const state = new Map<number, number>()
    const stateOf = (c: number) => state.get(c) ?? 0
    const scan = scanUpdate(Uint8Array.from([0, 0]))
    const h = (waits: [number, number][]) => ({
      peer,
      update: Uint8Array.from([0, 0]),
      scan,
      waits: new Map(waits),
      indexedUnder: -1,
      weight: 10,
      seq: 0,
    })
    const one = h([[1, 4]])
    const two = h([
      [1, 2],
      [2, 0],
    ])
    held.add(one, stateOf)
    held.add(two, stateOf)
    expect(held.bytes).toBe(20)
    state.set(1, 3)
    // Client 1 reached clock 3: `two` now waits on client 2 only, `one` still on client 1.
    expect(held.takeReady([1], stateOf)).toEqual([])
    state.set(2, 1)
    expect(held.takeReady([2], stateOf)).toEqual([two])
    state.set(1, 5)
    expect(held.takeReady([1], stateOf)).toEqual([one])
    expect([held.bytes, peer.held.size]).toEqual([0, 0])
  })

  it('never holds an observer’s update', async () => {
    const t = setup()
    const o = await t.client('observer')
    const ups: Uint8Array[] = []
    o.doc.on('update', (u: Uint8Array) => ups.push(u))
    createNote(o.doc, { text: 'a', column: 'what' })
    createNote(o.doc, { text: 'b', column: 'what' })
    o.room.receive(o.peer!, encodeUpdate(ups[1]!))
    expect(o.peer!.held.size).toBe(0)
    expect(o.conn.closed).toBeNull()
  })
})

describe('[G8] seats', () => {
  it('caps observers, a link and an address, and keeps seats for facilitators', async () => {
    const t = setup({
      maxConnectionsPerBoard: 6,
      facilitatorSeats: 2,
      maxObserversPerBoard: 2,
      maxConnectionsPerLink: 3,
      maxConnectionsPerAddress: 2,
    })
    const codes = async (role: 'observer' | 'participant' | 'facilitator', extra = {}) =>
      (await t.client(role, 'b1', extra)).conn.closed?.code ?? 'in'
    expect(await codes('observer', { address: 'x' })).toBe('in')
    expect(await codes('observer', { address: 'y' })).toBe('in')
    expect(await codes('observer', { address: 'z' })).toBe(CLOSE.boardFull.code)
    expect(await codes('participant', { address: 'x' })).toBe('in')
    expect(await codes('participant', { address: 'x' })).toBe(CLOSE.boardFull.code)
    expect(await codes('participant', { address: 'p', scope: 'session', scopeId: 's' })).toBe('in')
    // Four others in: the two seats left are the facilitators'.
    expect(await codes('participant', { address: 'q', scope: 'session', scopeId: 's' })).toBe(
      CLOSE.boardFull.code,
    )
    expect(await codes('facilitator', { address: 'x' })).toBe('in')
    expect(await codes('facilitator', { address: 'x' })).toBe('in')
    expect(await codes('facilitator')).toBe(CLOSE.boardFull.code)
    expect(CLOSE.boardFull.retries).toBe(true)
  })
})

describe('[G9] presence', () => {
  it('keeps and relays no removal of an id nobody (or somebody else) announced', async () => {
    const t = setup()
    const a = await t.client('participant')
    const b = await t.client('participant')
    a.room.receive(a.peer!, awarenessMessage([{ id: 7, clock: 1, state: { user: 'a' } }]))
    const before = awareness(b.conn).length
    b.room.receive(b.peer!, awarenessMessage([{ id: 7, clock: 2, state: null }]))
    b.room.receive(
      b.peer!,
      awarenessMessage(
        Array.from({ length: 100 }, (_, i) => ({ id: 1000 + i, clock: 1, state: null })),
      ),
    )
    expect(awareness(b.conn)).toHaveLength(before)
    expect(a.room.presence.stateOf(7)).toEqual({ user: 'a' })
    expect(a.room.presence.entryCount).toBe(1)
    expect(t.metrics.rejected.get('presence-foreign')).toBe(101)
    // Its own announcer may remove it; the removed entry is forgotten after the timeout.
    a.room.receive(a.peer!, awarenessMessage([{ id: 7, clock: 2, state: null }]))
    expect(a.room.presence.stateOf(7)).toBeNull()
    expect(a.room.presence.entryCount).toBe(1)
    t.tick(30_000)
    a.room.maintain(1_000_000 + 30_000)
    expect(a.room.presence.entryCount).toBe(0)
  })

  it('bounds entries per room and a connection’s changes per second', async () => {
    const t = setup({ maxPresenceEntries: 3, presenceChangesPerSecond: 2 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    a.room.receive(a.peer!, awarenessMessage([1, 2].map((id) => ({ id, clock: 1, state: {} }))))
    b.room.receive(b.peer!, awarenessMessage([3, 4].map((id) => ({ id, clock: 1, state: {} }))))
    expect(a.room.presence.size).toBe(3)
    expect(t.metrics.rejected.get('awareness-cap')).toBe(1)
    // a's budget: 2 a second, a burst of 4; two spent above.
    for (let clock = 2; clock < 6; clock++) {
      a.room.receive(a.peer!, awarenessMessage([{ id: 1, clock, state: { clock } }]))
    }
    expect(a.room.presence.stateOf(1)).toEqual({ clock: 3 })
    expect(t.metrics.rejected.get('presence-budget')).toBe(2)
  })
})

describe('[G10] an exception inside a write reloads the board from storage', () => {
  it('after Yjs failed half-way: the document is storage’s again, the writer closed with 4400', async () => {
    const t = setup()
    const a = await t.client('participant')
    a.write((d) => createNote(d, { id: 'kept', text: 'kept', column: 'what' }))
    const b = await t.client('participant')
    const doc = a.room.doc
    doc.on('afterTransaction', () => {
      throw new Error('an observer failed')
    })
    b.write((d) => setText(d, 'kept', 'half-applied'))
    expect(b.conn.closed?.code).toBe(CLOSE.malformed.code)
    expect(t.metrics.rejected.get('apply-failed')).toBe(1)
    expect(a.room.doc).not.toBe(doc)
    expect(readBoard(a.room.doc).notes.map((n) => n.text)).toEqual(['kept'])
    const stored = readStoredDoc(t.storage, 'b1').doc
    expect(Y.encodeStateVector(a.room.doc)).toEqual(Y.encodeStateVector(stored))
    expect(storedText(t.storage)).not.toContain('half-applied')
    expect(syncUpdates(a.conn)).toHaveLength(0)
    // The board goes on taking writes.
    a.write((d) => createNote(d, { text: 'after', column: 'what' }))
    expect(a.conn.closed).toBeNull()
  })

  it('after a fault of the server: the writer is closed with a retryable code', async () => {
    const t = setup()
    const a = await t.client('participant')
    Object.defineProperty(a.room, 'policy', {
      get() {
        throw new Error('a bug in the server')
      },
    })
    const u = captureUpdate(a.doc, (d) => createNote(d, { text: 'x', column: 'what' }))
    a.room.receive(a.peer!, encodeUpdate(u))
    expect(a.conn.closed?.code).toBe(CLOSE.internalError.code)
    expect(CLOSE.internalError.retries).toBe(true)
    expect(t.metrics.rejected.get('internal')).toBe(1)
  })
})
