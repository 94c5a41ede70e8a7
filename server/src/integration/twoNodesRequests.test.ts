/**
 * Two server nodes: whichever node a request or a connection reaches, it is answered as one
 * node would answer it. Rules of a board are enforced on its owner for a connection the other
 * node forwards; a session's harvest over boards owned by different nodes is the one-node
 * harvest; a dashboard on one node shows the rooms the other holds as they stand; a one-time
 * code asked of one node is taken on the other; a link rotated on one node closes its
 * connections on the other.
 */
import { CLOSE, createNote, readMeta, setLocked } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { readEvents } from '../testing/liveEvents'
import { converge, type TestServer } from '../testing/newTestServer'
import { servicesMissing } from '../testing/services'
import { noteTexts as texts } from '../testing/texts'
import { useTwoNodes } from '../testing/twoNodes'
import { waitFor } from '../testing/waitFor'

const missing = servicesMissing({ postgres: true, redis: true })

describe.skipIf(missing)('two nodes: a request answered as one node would', () => {
  const cluster = useTwoNodes()

  it('[F8.5] a locked board refuses a participant’s note written through the node that does not own it, until unlocked', async () => {
    const [a, b] = await cluster.start()
    const s = await a.createSession()
    const board = s.boards[0]!
    const f = a.client(board.id, board.links.facilitator.token)
    await f.synced
    const p = b.client(board.id, board.links.participant.token)
    await p.synced
    expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 0])
    setLocked(f.doc, true)
    await waitFor(() => readMeta(p.doc).locked, 10_000, 'the lock through the other node')
    createNote(p.doc, { text: 'too late', column: 'what', authorId: 'u-p' })
    expect(texts(p.doc)).toEqual(['too late'])
    // Reverted by the owner, and the revert reaches the writer through the forwarding node.
    await converge([p.doc, f.doc], texts, (v) => v.length === 0)
    setLocked(f.doc, false)
    await waitFor(() => !readMeta(p.doc).locked, 10_000, 'the unlock through the other node')
    createNote(p.doc, { text: 'after unlocking', column: 'what', authorId: 'u-p' })
    await converge([p.doc, f.doc], texts, (v) => v.length === 1)
    expect(texts(f.doc)).toEqual(['after unlocking'])
  })

  it('a session harvest across boards owned by different nodes equals the one-node harvest, asked of either node', async () => {
    const { a, b, s, one, two, onA, onB } = await cluster.boardsOwnedApart()
    createNote(onA.doc, { text: 'Bikes at every station', column: 'what' })
    createNote(onA.doc, { text: 'Fewer cars downtown', column: 'so-what' })
    createNote(onB.doc, { text: 'Night buses', column: 'what' })
    // Each written through the node that does not own the board, too.
    const viaB = b.client(one.id, one.links.participant.token)
    const viaA = a.client(two.id, two.links.participant.token)
    await Promise.all([viaA.synced, viaB.synced])
    createNote(viaB.doc, { text: 'Cheaper tickets', column: 'now-what' })
    createNote(viaA.doc, { text: 'Safe crossings', column: 'now-what' })
    await converge([onA.doc, viaB.doc], texts, (v) => v.length === 3)
    await converge([onB.doc, viaA.doc], texts, (v) => v.length === 2)
    const harvest = async (n: TestServer) => {
      const r = await n.fetch(`/api/sessions/${s.id}/harvest`, {
        token: s.links.facilitator.token,
      })
      expect(r.status).toBe(200)
      return withoutExportTimes(await r.json())
    }
    const fromA = await harvest(a)
    const fromB = await harvest(b)
    expect(fromB).toEqual(fromA)
    // One node, no Redis, reading the same database once the others stopped.
    await a.close()
    await b.close()
    const alone = await harvest(await cluster.oneNode())
    expect(fromA).toEqual(alone)
    const notes = JSON.stringify(alone)
    for (const t of ['Bikes at every station', 'Night buses', 'Cheaper tickets', 'Safe crossings'])
      expect(notes).toContain(t)
  })

  it('[F14.4] a one-time code asked of one node is taken on the other, once', async () => {
    const [a, b] = await cluster.start()
    const ana = await a.person('Ana', 'Guimarães')
    const asked = await a.fetch('/api/people/code', {
      method: 'POST',
      body: JSON.stringify({ credential: ana.credential }),
    })
    expect(asked.status).toBe(200)
    const { code } = (await asked.json()) as { code: string }
    const join = (n: TestServer, typed: string) =>
      n.fetch('/api/people/join', { method: 'POST', body: JSON.stringify({ code: typed }) })
    // Typed on the other device, as people type it, reaching the other node.
    const taken = await join(b, code.toLowerCase().replace(/(.{5})/, '$1-'))
    expect(taken.status).toBe(200)
    expect(((await taken.json()) as { id: string }).id).toBe(ana.id)
    expect((await join(a, code)).status).toBe(404)
    expect((await join(b, code)).status).toBe(404)
  })

  it('a link rotated on one node stops working on the other and closes the connections the other node holds', async () => {
    const [a, b] = await cluster.start()
    const s = await a.createSession()
    const board = s.boards[0]!
    const old = board.links.participant.token
    // The board is owned by B: its connections, this forwarded one included, are held there.
    const onB = b.client(board.id, old)
    await onB.synced
    const viaA = a.client(board.id, old)
    await viaA.synced
    const keeps = b.client(board.id, board.links.observer.token)
    await keeps.synced
    expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([0, 1])
    const me = (n: TestServer, token: string) =>
      n.fetch(`/api/boards/${board.id}/me`, { token }).then((r) => r.status)
    expect(await me(b, old)).toBe(200)
    const r = await a.fetch(`/api/boards/${board.id}/rotate`, {
      method: 'POST',
      token: board.links.facilitator.token,
      body: JSON.stringify({ role: 'participant' }),
    })
    expect(r.status).toBe(200)
    const fresh = ((await r.json()) as { token: string }).token
    expect(await me(a, old)).toBe(404)
    // The owner closes them as soon as it hears of the rotation, not at their next reconnect.
    for (const c of [onB, viaA]) {
      const closed = await Promise.race([
        c.closedForGood,
        new Promise<null>((res) => setTimeout(() => res(null), 5000)),
      ])
      expect(closed?.code).toBe(CLOSE.revoked.code)
    }
    expect(keeps.provider.wsconnected).toBe(true)
    await waitFor(async () => (await me(b, old)) === 404, 10_000, 'the other node to refuse it')
    expect(await me(b, fresh)).toBe(200)
  })

  it('[SE4] a dashboard on either node shows every room as it stands, those the other node holds too', async () => {
    const { a, b, s, one, two, onB } = await cluster.boardsOwnedApart(['Energy', 'Mobility'])
    const token = s.links.facilitator.token
    const ctrl = new AbortController()
    const streamed = await a.fetch(`/api/sessions/${s.id}/live/stream`, {
      token,
      signal: ctrl.signal,
    })
    expect(streamed.status).toBe(200)
    const events = readEvents(streamed)
    const first = await events.next()
    expect(first.boards.map((x) => [x.title, x.online])).toEqual([
      ['Energy', 1],
      ['Mobility', 1],
    ])
    // A note on the room node B holds reaches the dashboard on node A.
    createNote(onB.doc, { text: 'Car-free Sundays', column: 'now-what' })
    let e = await events.next()
    while (!e.boards.some((x) => x.recent.length > 0)) e = await events.next()
    expect(e.boards.map((x) => [x.id, x.recent[0]!.text])).toEqual([[two.id, 'Car-free Sundays']])
    ctrl.abort()
    // The session's figures and the room picker, asked of either node, count it too.
    for (const n of [a, b]) {
      const r = await n.fetch(`/api/sessions/${s.id}`, { token })
      const detail = (await r.json()) as {
        boards: { id: string; online: number; notes: { total: number } }[]
      }
      expect(detail.boards.map((x) => [x.id, x.online, x.notes.total])).toEqual([
        [one.id, 1, 0],
        [two.id, 1, 1],
      ])
      const me = await n.fetch(`/api/sessions/${s.id}/me`, { token })
      const picker = (await me.json()) as { boards: { id: string; online: number }[] }
      expect(picker.boards.map((x) => x.online)).toEqual([1, 1])
    }
    // Nothing was taken to answer: each room is still held where it was.
    expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 1])
  })

  it('a node that missed the announcement of a rotated link (Redis cut) closes its connections once it checks again', async () => {
    const [a, b] = await cluster.start()
    const s = await a.createSession()
    const board = s.boards[0]!
    const old = b.client(board.id, board.links.participant.token)
    await old.synced
    const keeps = b.client(board.id, board.links.observer.token)
    await keeps.synced
    // Rotated in the database with no announcement (as if it was lost on the way).
    a.server.storage.bumpGeneration('board', board.id, 'participant')
    expect(old.provider.wsconnected).toBe(true)
    // What the node does when its connection to Redis comes back.
    b.server.cluster!.rotatedLinks.recheck()
    expect((await old.closedForGood).code).toBe(CLOSE.revoked.code)
    expect(keeps.provider.wsconnected).toBe(true)
  })
})

/** A harvest without the times it was exported at (they differ by request). */
function withoutExportTimes(h: unknown): unknown {
  return JSON.parse(JSON.stringify(h), (k, v) => (k === 'exportedAt' ? undefined : v))
}
