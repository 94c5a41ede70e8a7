import { CLOSE, createNote, readBoard } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeUpdate, SYNC } from '../protocol/messages'
import { awarenessMessage, decodeMessage, fakeConnection } from '../testing/fakes'
import { awareness, setup, stopRooms, storedText, syncUpdates } from '../testing/roomHarness'
import { waitFor } from '../testing/waitFor'

afterEach(stopRooms)

describe('Room', () => {
  it('sends a joining connection the state vector first', async () => {
    const t = setup()
    const a = await t.client('participant')
    const first = decodeMessage(a.conn.sent[0]!)
    expect(first).toMatchObject({ kind: 'sync', type: SYNC.step1 })
  })

  it('stores a write before relaying it, and does not echo it to the writer', async () => {
    const t = setup()
    const a = await t.client('participant')
    const b = await t.client('observer')
    const seenOnDisk: boolean[] = []
    b.conn.onSend = (data) => {
      const m = decodeMessage(data)
      if (m.kind === 'sync' && m.type === SYNC.update) {
        seenOnDisk.push(storedText(t.storage).includes('stored first'))
      }
    }
    a.write((d) => createNote(d, { id: 'n', text: 'stored first', column: 'what' }))
    expect(seenOnDisk).toEqual([true])
    expect(syncUpdates(a.conn)).toHaveLength(0)
  })

  it('closes only the connection that sent a malformed message', async () => {
    const t = setup()
    const a = await t.client('participant')
    const b = await t.client('participant')
    a.room.receive(a.peer!, Uint8Array.from([0, 2, 5, 1, 2]))
    expect(a.conn.closed?.code).toBe(CLOSE.malformed.code)
    expect(b.conn.closed).toBeNull()
    b.write((d) => createNote(d, { id: 'n', text: 'still fine', column: 'what' }))
    expect(readBoard(b.room.doc).notes.map((n) => n.text)).toEqual(['still fine'])
    expect(t.metrics.rejected.get('malformed')).toBe(1)
  })

  it('[G1] refuses an observer write unread: nothing applied, stored or relayed; the observer stays', async () => {
    const t = setup()
    const o = await t.client('observer')
    const b = await t.client('participant')
    o.write((d) => createNote(d, { id: 'o', text: 'observer secret', column: 'what' }))
    expect(syncUpdates(o.conn)).toHaveLength(0)
    expect(syncUpdates(b.conn)).toHaveLength(0)
    expect(readBoard(o.room.doc).notes).toEqual([])
    expect(storedText(t.storage)).not.toContain('observer secret')
    expect(o.conn.closed).toBeNull()
    expect(t.metrics.rejected.get('observer-write')).toBe(1)
  })

  it('closes a connection over its message rate with a retryable code', async () => {
    const t = setup({ messageBurst: 3, messagesPerSecond: 1 })
    const a = await t.client('participant')
    for (let i = 0; i < 4; i++) a.room.receive(a.peer!, Uint8Array.from([3]))
    expect(a.conn.closed?.code).toBe(CLOSE.rateLimited.code)
    expect(CLOSE.rateLimited.retries).toBe(true)
  })

  it('[G8] refuses a connection beyond the board maximum with a retryable code', async () => {
    const t = setup({ maxConnectionsPerBoard: 1 })
    await t.client('participant')
    const conn = fakeConnection()
    expect(
      await t.rooms.join('b1', conn, {
        role: 'participant',
        scope: 'board',
        scopeId: 'b1',
        generation: 0,
      }),
    ).toBeNull()
    expect(conn.closed?.code).toBe(CLOSE.boardFull.code)
    expect(CLOSE.boardFull.retries).toBe(true)
  })

  it('[G6] drops a connection whose unsent bytes would pass the send queue bound', async () => {
    const t = setup({ minSendQueueBytes: 1000 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    // The bound is the larger of minSendQueueBytes and twice the board's encoding.
    b.conn.buffered = 2 * Y.encodeStateAsUpdate(a.room.doc).length + 1000
    a.write((d) => createNote(d, { text: 'x', column: 'what' }))
    expect(b.conn.terminated).toBe(true)
    expect(b.conn.closed).toBeNull()
    expect(a.room.peers.has(b.peer!)).toBe(false)
    expect(t.metrics.rejected.get('overloaded')).toBe(1)
  })

  it('stops writes when storage fails, keeps the document, and recovers', async () => {
    const t = setup({ storageRetryMs: 1000 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    t.storage.failWrites = true
    a.write((d) => createNote(d, { id: 'kept', text: 'kept in memory', column: 'what' }))
    expect(a.conn.closed?.code).toBe(CLOSE.storageUnavailable.code)
    expect(b.conn.closed?.code).toBe(CLOSE.storageUnavailable.code)
    expect(syncUpdates(b.conn)).toHaveLength(0)
    expect(t.metrics.storageFailures).toBe(1)
    expect(a.room.degraded).toBe(true)
    const early = await t.client('participant')
    expect(early.conn.closed?.code).toBe(CLOSE.storageUnavailable.code)

    t.storage.failWrites = false
    t.tick(1000)
    const c = await t.client('participant')
    expect(c.conn.closed).toBeNull()
    expect(a.room.degraded).toBe(false)
    expect(storedText(t.storage)).toContain('kept in memory')
  })

  it('[G9] relays only awareness changes, not back to their only sender, and removes them on leave', async () => {
    const t = setup()
    const a = await t.client('participant')
    const b = await t.client('participant')
    a.room.receive(
      a.peer!,
      awarenessMessage([{ id: 11, clock: 1, state: { user: { name: 'A' } } }]),
    )
    // a holds its own state at that clock already (a client ignores it at a clock it has)
    expect(awareness(a.conn)).toEqual([])
    expect(awareness(b.conn)).toEqual([
      { kind: 'awareness', entries: [{ id: 11, clock: 1, state: { user: { name: 'A' } } }] },
    ])
    // b's client re-sends what it applied: same clock, nothing relayed
    b.room.receive(
      b.peer!,
      awarenessMessage([{ id: 11, clock: 1, state: { user: { name: 'A' } } }]),
    )
    expect(awareness(a.conn)).toHaveLength(0)
    expect(awareness(b.conn)).toHaveLength(1)
    a.room.leave(a.peer!)
    expect(awareness(b.conn).at(-1)).toEqual({
      kind: 'awareness',
      entries: [{ id: 11, clock: 1, state: null }],
    })
  })

  it('caps the client ids one connection controls', async () => {
    const t = setup({ maxClientsPerConnection: 2 })
    const a = await t.client('participant')
    a.room.receive(
      a.peer!,
      awarenessMessage([1, 2, 3, 4].map((id) => ({ id, clock: 1, state: {} }))),
    )
    expect(a.room.presence.size).toBe(2)
    expect(t.metrics.rejected.get('awareness-cap')).toBe(2)
  })

  it('sends a change after a quiet tick at once and coalesces the rest of the tick into one message', async () => {
    const t = setup({ awarenessTickMs: 20 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    const move = (clock: number) =>
      a.room.receive(
        a.peer!,
        awarenessMessage([{ id: 5, clock, state: { cursor: { x: clock, y: 0 } } }]),
      )
    const entry = (clock: number) => ({
      kind: 'awareness',
      entries: [{ id: 5, clock, state: { cursor: { x: clock, y: 0 } } }],
    })
    // The room's clock stands still: every later move falls within the first send's tick.
    move(1)
    expect(awareness(b.conn)).toEqual([entry(1)])
    move(2)
    move(3)
    expect(awareness(b.conn)).toHaveLength(1)
    await waitFor(() => awareness(b.conn).length === 2)
    expect(awareness(b.conn)).toEqual([entry(1), entry(3)])
  })

  it("[G9] a tick's changes of several connections reach each of them, their own included", async () => {
    const t = setup({ awarenessTickMs: 20 })
    const a = await t.client('participant')
    const b = await t.client('participant')
    const move = (c: typeof a, id: number, clock: number) =>
      c.room.receive(c.peer!, awarenessMessage([{ id, clock, state: { x: clock } }]))
    move(a, 5, 1)
    expect(awareness(a.conn)).toHaveLength(0)
    expect(awareness(b.conn)).toHaveLength(1)
    // Within the tick: both move; the coalesced message holds both and goes to both.
    move(b, 6, 1)
    move(a, 5, 2)
    await waitFor(() => awareness(a.conn).length === 1 && awareness(b.conn).length === 2)
    const both = {
      kind: 'awareness',
      entries: [
        { id: 6, clock: 1, state: { x: 1 } },
        { id: 5, clock: 2, state: { x: 2 } },
      ],
    }
    expect(awareness(a.conn)).toEqual([both])
    expect(awareness(b.conn).at(-1)).toEqual(both)
  })
})

describe('Room cold open', () => {
  it('serves a client from the stored bytes without building the document', async () => {
    const t = setup()
    const conn = fakeConnection()
    const joined = await t.rooms.join('b1', conn, {
      role: 'participant',
      scope: 'board',
      scopeId: 'b1',
      generation: 0,
    })
    const { room, peer } = joined!
    // The server's state vector comes from storage…
    const step1 = decodeMessage(conn.sent[0]!) as {
      kind: 'sync'
      type: number
      payload: Uint8Array
    }
    expect(step1.type).toBe(SYNC.step1)
    const stored = t.storage.loadBoard('b1').updates[0]!.data
    expect([...step1.payload]).toEqual([...Y.encodeStateVectorFromUpdate(stored)])
    // …a fresh client's first sync is answered with the stored bytes, and its empty reply
    // is nothing to apply: still no document.
    room.receive(peer, Uint8Array.from([0, SYNC.step1, 1, 0]))
    room.receive(peer, encodeUpdate(Uint8Array.from([0, 0])))
    expect(room.materialized).toBe(false)
    const reply = decodeMessage(conn.sent[1]!) as {
      kind: 'sync'
      type: number
      payload: Uint8Array
    }
    expect(reply.type).toBe(SYNC.step2)
    expect([...reply.payload]).toEqual([...stored])
  })

  it('builds the document at once for a write, and stores the state vector with its snapshot', async () => {
    const t = setup({ idleUnloadMs: 5 })
    const c = fakeConnection()
    const { room, peer } = (await t.rooms.join('b1', c, {
      role: 'participant',
      scope: 'board',
      scopeId: 'b1',
      generation: 0,
    }))!
    const replica = new Y.Doc()
    Y.applyUpdate(replica, t.storage.loadBoard('b1').updates[0]!.data)
    const ups: Uint8Array[] = []
    replica.on('update', (u: Uint8Array) => ups.push(u))
    createNote(replica, { text: 'early write', column: 'what' })
    createNote(replica, { text: 'second write', column: 'what' })
    for (const u of ups) room.receive(peer, encodeUpdate(u))
    expect(room.materialized).toBe(true)
    expect(
      readBoard(room.doc)
        .notes.map((n) => n.text)
        .sort(),
    ).toEqual(['early write', 'second write'])
    room.leave(peer)
    await waitFor(() => t.rooms.size === 0)
    const snap = t.storage.loadBoard('b1').snapshot!
    expect([...snap.stateVector!]).toEqual([...Y.encodeStateVector(replica)])
  })
})

describe('Rooms', () => {
  it('loads a board once for concurrent joins', async () => {
    const t = setup()
    const joins = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        t.rooms.join('b1', fakeConnection(), {
          role: 'participant',
          scope: 'board',
          scopeId: 'b1',
          generation: 0,
        }),
      ),
    )
    expect(t.storage.loads).toBe(1)
    expect(new Set(joins.map((j) => j?.room)).size).toBe(1)
  })

  it('unloads an idle board with a snapshot and loads it back whole', async () => {
    const t = setup({ idleUnloadMs: 5 })
    const a = await t.client('participant')
    a.write((d) => createNote(d, { id: 'n', text: 'survives unload', column: 'what' }))
    a.write((d) => createNote(d, { id: 'm', text: 'second', column: 'what' }))
    a.room.leave(a.peer!)
    await waitFor(() => t.rooms.size === 0)
    expect(t.storage.loadBoard('b1').snapshot).not.toBeNull()
    expect(t.storage.readStats('b1')?.notes.total).toBe(2)
    const b = await t.client('participant')
    expect(b.room).not.toBe(a.room)
    expect(
      readBoard(b.room.doc)
        .notes.map((n) => n.text)
        .sort(),
    ).toEqual(['second', 'survives unload'])
  })

  it('never holds two documents for one board across join and unload races', async () => {
    const t = setup({ idleUnloadMs: 0 })
    for (let i = 0; i < 40; i++) {
      const c = await t.client('participant')
      c.write((d) => createNote(d, { id: `n${i}`, text: `note ${i}`, column: 'what' }))
      c.room.leave(c.peer!)
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 1))
      const again = await t.client('participant')
      expect(readBoard(again.room.doc).notes).toHaveLength(i + 1)
      again.room.leave(again.peer!)
    }
  })

  it('compacts a long log in the background without losing rows', async () => {
    const t = setup({ compactAfterRows: 3 })
    const a = await t.client('participant')
    for (let i = 0; i < 6; i++) a.write((d) => createNote(d, { text: `n${i}`, column: 'what' }))
    await waitFor(() => t.storage.loadBoard('b1').snapshot !== null)
    const fresh = t.make()
    const r = await fresh.acquire('b1')
    expect(readBoard(r.doc).notes).toHaveLength(6)
    expect(t.metrics.compactions).toBeGreaterThan(0)
  })
})
