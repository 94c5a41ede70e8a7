/**
 * Two server nodes on one PostgreSQL and one Redis, in this process, with real y-websocket
 * clients on both: one owner per board, the other node's connections forwarded to it.
 */
import {
  CLOSE,
  createNote,
  NOTE,
  notesMap,
  PRESENCE,
  readBoard,
  readMeta,
  readPresence,
  readTimer,
  SOURCE_STATUS,
  setText,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { converge, signedBy, type TestServer } from '../testing/newTestServer'
import { servicesMissing } from '../testing/services'
import { noteTexts as texts } from '../testing/texts'
import { useTwoNodes } from '../testing/twoNodes'
import { waitFor } from '../testing/waitFor'

const missing = servicesMissing({ postgres: true, redis: true })

describe.skipIf(missing)('two nodes: one owner per board, the other forwards', () => {
  const cluster = useTwoNodes()
  const twoNodes = cluster.start

  it('clients on both nodes see each other’s notes and cursors; the board is owned once', async () => {
    const { a, b, board, onA, onB } = await cluster.boardOnBoth()
    expect(b.server.rooms.size).toBe(0)
    createNote(onA.doc, { text: 'via the owner', column: 'what' })
    createNote(onB.doc, { text: 'via the other node', column: 'so-what' })
    await converge([onA.doc, onB.doc], texts, (v) => v.length === 2)
    expect(b.server.metrics.forwardedFrames).toBeGreaterThan(0)
    onB.provider.awareness.setLocalStateField(PRESENCE.cursor, { x: 7, y: 8 })
    await waitFor(
      () => readPresence(onA.provider.awareness.getStates().get(onB.doc.clientID)).cursor?.x === 7,
      10_000,
      'the cursor from the other node',
    )
    onA.provider.awareness.setLocalStateField(PRESENCE.cursor, { x: 3, y: 4 })
    await waitFor(
      () => readPresence(onB.provider.awareness.getStates().get(onA.doc.clientID)).cursor?.x === 3,
      10_000,
      'the cursor from the owner',
    )
    // The harvest answers the same on either node.
    const harvest = async (n: TestServer) => {
      const r = await n.fetch(`/api/boards/${board.id}/harvest`, {
        token: board.links.facilitator.token,
      })
      expect(r.status).toBe(200)
      const h = (await r.json()) as { exportedAt?: unknown }
      delete h.exportedAt
      return h
    }
    expect(await harvest(b)).toEqual(await harvest(a))
  })

  it('a lease taken for a connection that never joined (its socket closed meanwhile) is let go, and the board is taken again', async () => {
    const [a, b] = await twoNodes(600)
    const s = await a.createSession()
    const board = s.boards[0]!
    // What an upgrade does before the socket is handed over: route the board, taking it here.
    expect(await a.server.cluster!.route(board.id)).toEqual({ local: true })
    expect(a.server.cluster!.owned).toBe(1)
    await waitFor(() => a.server.cluster!.owned === 0, 10_000, 'the roomless lease to go')
    expect(a.server.metrics.leasesLost).toBe(0)
    const c = b.client(board.id, board.links.participant.token)
    await c.synced
    createNote(c.doc, { text: 'on the next owner', column: 'what' })
    await waitFor(() => b.server.cluster!.owned === 1, 10_000, 'the other node to take it')
  })

  it('[G1] an observer writing through the node that does not own the board is refused as on one node', async () => {
    const [a, b] = await twoNodes()
    const s = await a.createSession()
    const board = s.boards[0]!
    const p = a.client(board.id, board.links.participant.token)
    await p.synced
    const o = b.client(board.id, board.links.observer.token)
    await o.synced
    createNote(o.doc, { text: 'observer secret', column: 'what' })
    await waitFor(() => (a.server.metrics.rejected.get('observer-write') ?? 0) >= 1)
    createNote(p.doc, { text: 'participant note', column: 'what' })
    await waitFor(() => texts(o.doc).includes('participant note'))
    expect(texts(p.doc)).toEqual(['participant note'])
  })

  it('the owner stops: the board moves to the other node, clients reconnect, nothing is lost', async () => {
    const { a, b, board, token, onA, onB } = await cluster.boardOnBoth()
    for (let i = 0; i < 10; i++) createNote(onB.doc, { text: `before ${i}`, column: 'what' })
    await converge([onA.doc, onB.doc], texts, (v) => v.length === 10)
    await a.close()
    // onB's forwarded connection lost its owner: it reconnects and b takes the board.
    await waitFor(() => b.server.cluster!.owned === 1, 15_000, 'the other node to own the board')
    createNote(onB.doc, { text: 'after the move', column: 'what' })
    const fresh = b.client(board.id, token)
    await fresh.synced
    await waitFor(() => texts(fresh.doc).length === 11, 10_000, 'every note on the new owner')
    expect(b.server.metrics.leaseMoves).toBe(1)
  })

  it('[F8.1] a session control posted to either node reaches every room, those the other node owns too', async () => {
    // Each node owns one of the two rooms.
    const { a, b, s, onA, onB } = await cluster.boardsOwnedApart()
    const control = (n: TestServer, body: object) =>
      n.fetch(`/api/sessions/${s.id}/control`, {
        method: 'POST',
        token: s.links.facilitator.token,
        body: JSON.stringify(body),
      })
    const r = await control(a, {
      locked: true,
      phase: 'so-what',
      timer: { action: 'start', minutes: 5 },
      broadcast: 'Five minutes left',
    })
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ boards: 2 })
    for (const c of [onA, onB]) {
      await waitFor(
        () => {
          const m = readMeta(c.doc)
          return m.locked && m.phase === 'so-what' && readTimer(c.doc).status === 'running'
        },
        10_000,
        'the control on both rooms',
      )
    }
    const back = await control(b, { locked: false, timer: { action: 'pause' } })
    expect(await back.json()).toEqual({ boards: 2 })
    for (const c of [onA, onB]) {
      await waitFor(
        () => !readMeta(c.doc).locked && readTimer(c.doc).status === 'paused',
        10_000,
        'the second control on both rooms',
      )
    }
    // Written by each board's owner: nobody took a board from the other.
    expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 1])
    expect(a.server.metrics.leasesLost + b.server.metrics.leasesLost).toBe(0)
  })

  it('[F13.1] an erasure asked of the node that does not own the board is made by its owner', async () => {
    const [a, b] = await twoNodes()
    const s = await a.createSession()
    const board = s.boards[0]!
    const onA = a.client(board.id, board.links.participant.token)
    await onA.synced
    const gone = createNote(onA.doc, { text: 'erase me', column: 'what' })
    createNote(onA.doc, { text: 'keep me', column: 'what' })
    const check = b.client(board.id, board.links.observer.token)
    await converge([onA.doc, check.doc], texts, (v) => v.length === 2)
    const r = await b.fetch(`/api/boards/${board.id}/erase`, {
      method: 'POST',
      token: board.links.facilitator.token,
      body: JSON.stringify({ notes: [gone] }),
    })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ erased: true, notes: 1 })
    // The owner made the new epoch: its devices are told to carry over.
    expect((await onA.closedForGood).code).toBe(CLOSE.rebased.code)
    expect(a.server.cluster!.owned + b.server.cluster!.owned).toBeLessThanOrEqual(1)
    const fresh = b.client(board.id, board.links.participant.token)
    await fresh.synced
    expect(texts(fresh.doc)).toEqual(['keep me'])
  })

  it('[R5] retention run on one node erases and locks a room the other node owns', async () => {
    let clock = Date.now()
    const [a, b] = await twoNodes(1500, {
      now: () => clock,
      retention: { days: 1, warnDays: 0, checkEveryMs: 60 * 60 * 1000 },
    })
    const s = await a.createSession({ boards: 1 })
    const board = s.boards[0]!
    const onA = a.client(board.id, board.links.participant.token)
    await onA.synced
    createNote(onA.doc, { text: 'kept one day', column: 'what' })
    const check = a.client(board.id, board.links.observer.token)
    await converge([onA.doc, check.doc], texts, (v) => v.length === 1)
    expect(a.server.cluster!.owned).toBe(1)
    clock += 2 * 24 * 60 * 60 * 1000
    // Node B sweeps; the board is erased by its owner, A.
    expect(await b.server.retention.sweep()).toBe(1)
    expect((await onA.closedForGood).code).toBe(CLOSE.rebased.code)
    const after = b.client(board.id, board.links.participant.token)
    await after.synced
    expect(readBoard(after.doc).notes).toEqual([])
    expect(readMeta(after.doc).locked).toBe(true)
  })

  it('[SE2.1] a note sent to a plenary another node owns is copied there by its owner', async () => {
    const [a, b] = await twoNodes()
    const { plenary, token, inRoom, note, summary } = await sendAcross(
      a,
      a,
      b,
      'Shared bikes at every station',
    )
    expect(summary.sent).toBe(1)
    // [SE3.1] Changed since sent, asked of the plenary's owner while the source is held by the
    // other node: the source's change is seen there, not the figures it stored last.
    const statuses = async (n: TestServer) => {
      const r = await n.fetch(`/api/boards/${plenary.id}/sources`, { token })
      return Object.values(((await r.json()) as { notes: Record<string, string> }).notes)
    }
    expect(await statuses(a)).toEqual([SOURCE_STATUS.unchanged])
    setText(inRoom.doc, note, 'Shared bikes at every station, and racks')
    for (const n of [a, b]) {
      await waitFor(
        async () => (await statuses(n)).join() === SOURCE_STATUS.changed,
        10_000,
        'the change of the source on either node',
      )
    }
    expect(a.server.metrics.leasesLost + b.server.metrics.leasesLost).toBe(0)
  })

  it('[SE2.1] a plenary whose owner has answered no API request since its start takes a note sent through the other node', async () => {
    const [a, b] = await twoNodes()
    // Everything asked of the API goes to b; a only holds the plenary's connection.
    await sendAcross(b, a, b, 'Bike lanes on the ring road')
  })

  it('[F12.15] [F14.9] people write as themselves through the node that does not own the board; a merge asked there runs on the owner', async () => {
    const [a, b] = await twoNodes()
    const s = await a.createSession()
    const board = s.boards[0]!
    const token = board.links.participant.token
    const f = a.client(board.id, board.links.facilitator.token)
    await f.synced
    // Credentials from the other node: every node signs with the one secret.
    const ana = await b.person('Ana', 'Guimarães')
    const phone = await b.person('Ana M.', 'Guimarães')
    const bo = await b.person('Bo', 'Umeå')
    const [onLaptop, onPhone, onBo] = [ana, phone, bo].map((p) => b.client(board.id, token, p))
    await Promise.all([onLaptop!.synced, onPhone!.synced, onBo!.synced])
    expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 0])
    const mine = createNote(onLaptop!.doc, {
      text: 'Guimarães: bikes',
      column: 'what',
      ...signedBy(ana),
    })
    const fromPhone = createNote(onPhone!.doc, {
      text: 'Bus lanes',
      column: 'what',
      ...signedBy(phone),
    })
    await waitFor(() => notesMap(f.doc).has(mine) && notesMap(f.doc).has(fromPhone))
    // Bo signs as Ana through the forwarding node: the owner knows who he is and refuses it.
    createNote(onBo!.doc, { id: 'forged', text: 'Ana said so', column: 'what', ...signedBy(ana) })
    expect(notesMap(onBo!.doc).has('forged')).toBe(true)
    await waitFor(() => !notesMap(onBo!.doc).has('forged'), 10_000, 'the owner to revert it')
    const r = await b.fetch(`/api/boards/${board.id}/people/merge`, {
      method: 'POST',
      token: board.links.facilitator.token,
      body: JSON.stringify({ from: phone.id, into: ana.id }),
    })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ from: phone.id, into: ana.id, notes: 1 })
    await waitFor(
      () => (notesMap(f.doc).get(fromPhone) as Y.Map<unknown>).get(NOTE.authorId) === ana.id,
    )
    // The phone's forwarded connection writes as Ana now: her note is its own to edit.
    setText(onPhone!.doc, mine, 'Guimarães: bikes, from the phone')
    await waitFor(() => readBoard(f.doc).notes.some((n) => n.text.endsWith('from the phone')))
    expect(notesMap(f.doc).has('forged')).toBe(false)
  })
})

/**
 * A session of one room and a plenary made through `creator`, the plenary held on `a` and the
 * room on `b` (one owner each); a note written in the room is sent to the plenary through `b`,
 * and is waited for on the plenary's connection.
 */
async function sendAcross(creator: TestServer, a: TestServer, b: TestServer, text: string) {
  const s = await creator.createSession({ boards: 1, plenary: true })
  const room = s.boards.find((x) => !x.plenary)!
  const plenary = s.boards.find((x) => x.plenary)!
  const token = s.links.facilitator.token
  const inPlenary = a.client(plenary.id, token)
  await inPlenary.synced
  const inRoom = b.client(room.id, token)
  await inRoom.synced
  expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 1])
  const note = createNote(inRoom.doc, { text, column: 'what' })
  const check = b.client(room.id, token)
  await converge([inRoom.doc, check.doc], texts, (v) => v.length === 1)
  const r = await b.fetch(`/api/boards/${plenary.id}/send`, {
    method: 'POST',
    token,
    body: JSON.stringify({ from: room.id, notes: [note], themes: [] }),
  })
  expect(r.status).toBe(200)
  const { summary } = (await r.json()) as { summary: { sent: number } }
  await waitFor(() => texts(inPlenary.doc).includes(text), 10_000, 'the copy on the plenary')
  return { plenary, token, inRoom, note, summary }
}
