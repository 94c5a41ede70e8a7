import { CLOSE, createNote, readBoard } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { eraseLive } from '../privacy/erase'
import { encodeSyncStep1Vector, SYNC } from '../protocol/messages'
import { decodeMessage } from '../testing/fakes'
import { silentLogger } from '../testing/logger'
import { setup, stopRooms, storedText, syncUpdates } from '../testing/roomHarness'
import { waitFor } from '../testing/waitFor'

afterEach(stopRooms)

const turnEnd = () => new Promise((r) => setImmediate(r))
const note = (id: string, text: string) => (d: Parameters<typeof createNote>[0]) =>
  createNote(d, { id, text, column: 'what' })

describe('group commit [G13]', () => {
  it('[G13] stores the writes of one turn, on two boards, in one transaction, and relays them only after it', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const a1 = await t.client('participant', 'b1')
    const w1 = await t.client('participant', 'b1')
    const a2 = await t.client('participant', 'b2')
    const w2 = await t.client('participant', 'b2')
    const stored: boolean[] = []
    for (const [c, board] of [
      [w1, 'b1'],
      [w2, 'b2'],
    ] as const) {
      c.conn.onSend = (data) => {
        const m = decodeMessage(data)
        if (m.kind === 'sync' && m.type === SYNC.update) {
          stored.push(storedText(t.storage, board).includes(`on ${board}`))
        }
      }
    }
    await turnEnd()
    t.storage.transactions.length = 0

    a1.write(note('x', 'first on b1'))
    a2.write(note('y', 'one on b2'))
    a1.write(note('z', 'second on b1'))
    // Applied, but neither stored nor relayed within the turn.
    expect(readBoard(a1.room.doc).notes).toHaveLength(2)
    expect(storedText(t.storage, 'b1')).not.toContain('on b1')
    expect(syncUpdates(w1.conn)).toHaveLength(0)
    expect(syncUpdates(w2.conn)).toHaveLength(0)

    await turnEnd()
    expect(t.storage.transactions).toEqual([['b1', 'b1', 'b2']])
    expect(syncUpdates(w1.conn)).toHaveLength(2)
    expect(syncUpdates(w2.conn)).toHaveLength(1)
    expect(stored).toEqual([true, true, true])
    expect(syncUpdates(a1.conn)).toHaveLength(0)
  })

  it('[G13] writes a turn’s relays to each connection together, after they are stored', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const a = await t.client('participant', 'b1')
    const b = await t.client('participant', 'b1')
    const w = await t.client('participant', 'b1')
    await turnEnd()
    const seen: string[] = []
    Object.assign(w.conn, {
      cork: () => seen.push('cork'),
      uncork: () => seen.push('uncork'),
    })
    w.conn.onSend = (data) => {
      const m = decodeMessage(data)
      if (m.kind === 'sync' && m.type === SYNC.update) {
        seen.push(storedText(t.storage, 'b1').includes('together') ? 'stored update' : 'update')
      }
    }
    a.write(note('x', 'together one'))
    b.write(note('y', 'together two'))
    await turnEnd()
    expect(seen).toEqual(['cork', 'stored update', 'stored update', 'uncork'])
    // A turn of one update is written as it is.
    seen.length = 0
    a.write(note('z', 'alone'))
    await turnEnd()
    expect(seen).toEqual(['stored update'])
    expect(syncUpdates(w.conn)).toHaveLength(3)
  })

  it('[G13] commits a turn’s writes before a sync answer shows them', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const a = await t.client('participant', 'b1')
    const c = await t.client('participant', 'b1')
    await turnEnd()
    a.write(note('x', 'answered after its commit'))
    let storedAtAnswer: boolean | null = null
    c.conn.onSend = (data) => {
      const m = decodeMessage(data)
      if (m.kind === 'sync' && m.type === SYNC.step2) {
        storedAtAnswer = storedText(t.storage).includes('answered after its commit')
      }
    }
    c.room.receive(c.peer!, encodeSyncStep1Vector(Uint8Array.of(0)))
    expect(storedAtAnswer).toBe(true)
    expect(syncUpdates(c.conn)).toHaveLength(1)
  })

  it('[G13] a board whose rows cannot be stored fails alone: nothing of it is relayed, the other board’s writes are', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const a1 = await t.client('participant', 'b1')
    const w1 = await t.client('participant', 'b1')
    const a2 = await t.client('participant', 'b2')
    const w2 = await t.client('participant', 'b2')
    await turnEnd()
    t.storage.failBoard = 'b1'
    a1.write(note('x', 'never stored'))
    a2.write(note('y', 'stored anyway'))
    await waitFor(() => w1.conn.closed !== null && syncUpdates(w2.conn).length === 1)
    expect(w1.conn.closed?.code).toBe(CLOSE.storageUnavailable.code)
    expect(a1.conn.closed?.code).toBe(CLOSE.storageUnavailable.code)
    expect(syncUpdates(w1.conn)).toHaveLength(0)
    expect(storedText(t.storage, 'b1')).not.toContain('never stored')
    expect(storedText(t.storage, 'b2')).toContain('stored anyway')
    expect(w2.conn.closed).toBeNull()
    expect(t.metrics.storageFailures).toBe(1)
  })

  it('[G13] an erasure in the turn of a write leaves no row of the old epoch after the new one', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const a = await t.client('participant', 'b1')
    await turnEnd()
    a.write((d) =>
      createNote(d, { id: 'x', text: 'words to erase', column: 'what', authorId: 'u-erased' }),
    )
    const deps = { storage: t.storage, log: silentLogger(), now: () => 1_000_000, rooms: t.rooms }
    const r = await eraseLive(deps, 'b1', { authorId: 'u-erased' }, { by: 'facilitator' })
    expect(r.counts.notes).toBe(1)
    await turnEnd()
    expect(storedText(t.storage)).not.toContain('words to erase')
  })

  it('[G13] [F14.7] [F14.8] a turn’s records of who writes are stored in its one transaction, and none when it fails', async () => {
    const t = setup({}, { commitTiming: 'turn' })
    const ana = { id: 'p-aaaaaaaaaaaaaaaaaaaa', name: 'Ana', city: 'Braga', signed: true }
    const signed = { authorId: ana.id, author: ana.name, city: ana.city }
    const a = await t.client('participant', 'b1', { person: { ...ana } })
    const b = await t.client('participant', 'b2', { person: { ...ana } })
    await turnEnd()
    t.storage.transactions.length = 0
    a.write((d) => createNote(d, { id: 'x', text: 'on b1', column: 'what', ...signed }))
    b.write((d) => createNote(d, { id: 'y', text: 'on b2', column: 'what', ...signed }))
    // Applied, not stored within the turn: neither the rows nor who wrote them.
    expect(t.storage.readNoteChanges('b1', 'x')).toEqual([])
    await turnEnd()
    expect(t.storage.transactions).toEqual([['b1', 'b2']])
    expect(
      t.storage.readNoteChanges('b1', 'x').map((c) => [c.change.personId, c.change.text]),
    ).toEqual([[ana.id, 'on b1']])
    expect(t.storage.readNoteChanges('b2', 'y')).toHaveLength(1)
    expect(t.storage.readClientOwners('b1')).toEqual([
      { client: a.doc.clientID, owner: `person|${ana.id}` },
    ])
    // A turn that cannot be stored keeps no record either.
    t.storage.failBoard = 'b1'
    a.write((d) => createNote(d, { id: 'z', text: 'never stored', column: 'what', ...signed }))
    await waitFor(() => a.conn.closed !== null)
    expect(t.storage.readNoteChanges('b1', 'z')).toEqual([])
  })
})
