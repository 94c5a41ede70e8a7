import {
  CLOSE,
  createNote,
  readBoard,
  readMeta,
  SYNC_PROTOCOL,
  setLocked,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { noteTexts as texts } from '../testing/texts'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('links and roles', () => {
  it('[G8] answers a wrong token, a missing one and an unknown board alike with 401 at the upgrade: no socket is held', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const other = s.boards[1]!
    const cases = [
      t.raw(board.id, 'x'.repeat(32)),
      t.raw(board.id, ''),
      t.raw('no-such-board', board.links.participant.token),
      t.raw(board.id, other.links.participant.token),
      t.raw(board.id, other.links.participant.token, undefined, 'protocol'),
    ]
    for (const r of cases) {
      expect(await r.upgrade).toBe(401)
      expect(r.frames).toEqual([])
    }
    expect(t.server.rooms.connections).toBe(0)
    expect(t.server.metrics.rejected.get('unauthorized')).toBe(cases.length)
  })

  it('the board client’s token travels in a subprotocol; standard clients keep ?token=', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const viaProtocol = t.client(board.id, board.links.participant.token, undefined, 'protocol')
    const viaQuery = t.client(board.id, board.links.observer.token, undefined, 'query')
    await Promise.all([viaProtocol.synced, viaQuery.synced])
    expect(viaProtocol.provider.url).not.toContain('token')
    expect(viaProtocol.provider.ws?.protocol).toBe(SYNC_PROTOCOL)
    createNote(viaProtocol.doc, { text: 'through the header', column: 'what', authorId: 'u-h' })
    await converge([viaProtocol.doc, viaQuery.doc], texts, (v) => v.length === 1)
  })

  it('a y-websocket client with a wrong token never gets a socket, however often it retries', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const c = t.client(s.boards[0]!.id, 'wrong')
    await waitFor(() => (t.server.metrics.rejected.get('unauthorized') ?? 0) >= 2, 10_000)
    expect(c.provider.wsconnected).toBe(false)
    expect(t.server.rooms.connections).toBe(0)
    expect(readBoard(c.doc).meta.formatVersion).toBeNull()
  })

  it('rotating a link closes its connections and only the new token works', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const p = t.client(board.id, board.links.participant.token)
    const o = t.client(board.id, board.links.observer.token)
    await Promise.all([p.synced, o.synced])
    const res = await t.fetch(`/api/boards/${board.id}/rotate`, {
      method: 'POST',
      token: board.links.facilitator.token,
      body: JSON.stringify({ role: 'participant' }),
    })
    expect(res.status).toBe(200)
    const fresh = (await res.json()) as { url: string; token: string }
    expect(fresh.token).not.toBe(board.links.participant.token)
    expect(fresh.url).toBe(`${t.url}/b/${board.id}#t=${fresh.token}`)
    expect((await p.closedForGood).code).toBe(CLOSE.revoked.code)
    expect(o.provider.wsconnected).toBe(true)

    expect(await t.raw(board.id, board.links.participant.token).upgrade).toBe(401)
    const again = t.client(board.id, fresh.token)
    await again.synced
    const me = await t.fetch(`/api/boards/${board.id}/me`, { token: board.links.participant.token })
    expect(me.status).toBe(404)
    // The session dashboard shows the new link.
    const detail = (await (
      await t.fetch(`/api/sessions/${s.id}`, { token: s.links.facilitator.token })
    ).json()) as { boards: { links: { participant: { token: string } } }[] }
    expect(detail.boards[0]!.links.participant.token).toBe(fresh.token)
  })

  it('a participant may not rotate links', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const res = await t.fetch(`/api/boards/${board.id}/rotate`, {
      method: 'POST',
      token: board.links.participant.token,
      body: JSON.stringify({ role: 'observer' }),
    })
    expect(res.status).toBe(404)
  })

  it('the session participant link reaches every board of its session and no other', async () => {
    t = await newTestServer()
    const a = await t.createSession({ boards: 2 })
    const b = await t.createSession({ boards: 1 })
    const token = a.links.participant.token
    const c1 = t.client(a.boards[0]!.id, token)
    const c2 = t.client(a.boards[1]!.id, token)
    await Promise.all([c1.synced, c2.synced])
    createNote(c2.doc, { text: 'written with the session link', column: 'what', authorId: 'u-c' })
    const check = t.client(a.boards[1]!.id, a.boards[1]!.links.observer.token)
    await converge([c2.doc, check.doc], texts, (v) => v.length === 1)
    expect(await t.raw(b.boards[0]!.id, token).upgrade).toBe(401)
    const me = await t.fetch(`/api/boards/${a.boards[0]!.id}/me`, { token })
    expect(((await me.json()) as { role: string }).role).toBe('participant')
  })

  it('a participant cannot lock the board: the change is reverted everywhere', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const p = t.client(board.id, board.links.participant.token)
    const f = t.client(board.id, s.links.facilitator.token)
    await Promise.all([p.synced, f.synced])
    setLocked(p.doc, true)
    await waitFor(() => readMeta(p.doc).locked === false)
    await converge([p.doc, f.doc], (d) => readMeta(d).locked)
    expect(readMeta(f.doc).locked).toBe(false)
  })

  it('a locked board refuses a participant’s note (reverted, replicas converge) until unlocked', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const p = t.client(board.id, board.links.participant.token)
    const f = t.client(board.id, board.links.facilitator.token)
    await Promise.all([p.synced, f.synced])
    setLocked(f.doc, true)
    await waitFor(() => readMeta(p.doc).locked)
    createNote(p.doc, { text: 'too late', column: 'what', authorId: 'u-p' })
    await converge([p.doc, f.doc], texts, (v) => v.length === 0)
    setLocked(f.doc, false)
    await waitFor(() => !readMeta(p.doc).locked)
    createNote(p.doc, { text: 'after unlocking', column: 'what', authorId: 'u-p' })
    await converge([p.doc, f.doc], texts, (v) => v.length === 1)
    expect(texts(f.doc)).toEqual(['after unlocking'])
  })
})
