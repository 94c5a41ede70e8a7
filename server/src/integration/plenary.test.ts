/**
 * The plenary over HTTP against the real server [SE1–SE3]: a session made with a plenary or
 * given one later, notes and themes sent to it by the session's facilitator link (real
 * y-websocket clients see the copies arrive), sending twice, refreshing, the errors, and the
 * copies' "changed since sent".
 */
import {
  createCluster,
  createNote,
  mergeThemes,
  readBoard,
  readMeta,
  SessionHarvestSchema,
  SOURCE_STATUS,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { newTestServer, type TestClient, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

interface Item {
  id: string
  copyId: string | null
  outcome: string
}
/** The fields of the answers these tests read (errors, sends, boards). */
interface Answer {
  error?: string
  message?: string
  id: string
  name: string
  plenary?: boolean | { id: string; name: string } | null
  board: { plenary?: boolean }
  boards: Array<{ id: string; plenary?: boolean }>
  notes: Item[]
  themes: Array<Item & { notes: Item[] }>
  summary: { sent: number; refreshed: number; skipped: number }
}
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Answer })

const send = (plenaryId: string, token: string, body: unknown) =>
  t.fetch(`/api/boards/${plenaryId}/send`, {
    method: 'POST',
    token,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function connected(boardId: string, token: string): Promise<TestClient> {
  const c = t.client(boardId, token)
  await c.synced
  return c
}

/** A session of two rooms and a plenary; a facilitator in room A with two notes and a theme. */
async function session() {
  t = await newTestServer()
  const s = await t.createSession({
    title: 'Cluster 2',
    boards: ['Energy', 'Mobility'],
    plenary: true,
  })
  const [a, b, p] = [s.boards[0]!, s.boards[1]!, s.boards[2]!]
  const inA = await connected(a.id, a.links.facilitator.token)
  const n1 = createNote(inA.doc, { text: 'Heat pumps for schools', column: 'what', city: 'Lahti' })
  const n2 = createNote(inA.doc, { text: 'Grid queues', column: 'so-what', city: 'Umeå' })
  const theme = createCluster(inA.doc, {
    title: 'Heating',
    column: 'what',
    x: 40,
    y: 180,
    w: 500,
    h: 300,
    noteIds: [n1],
  })
  await waitFor(() => {
    const room = t.server.rooms.get(a.id)
    return room !== undefined && readBoard(room.doc).clusters.length === 1
  })
  return { s, a, b, p, inA, n1, n2, theme, token: s.links.facilitator.token }
}

const copies = (doc: Y.Doc) => readBoard(doc).notes.filter((n) => n.source)

describe('the plenary', () => {
  it('[SE1.1] POST /api/sessions with plenary: true lists the plenary last among boards, marked; breakouts carry no mark', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Energy', 'Mobility'], plenary: true })
    expect(s.boards.map((b) => [b.name, 'plenary' in b ? b.plenary : 'none'])).toEqual([
      ['Energy', 'none'],
      ['Mobility', 'none'],
      ['Plenary', true],
    ])
    const p = s.boards[2]!
    expect(Object.keys(p.links).sort()).toEqual(['facilitator', 'observer', 'participant'])
    // A board like the others: seeded with the session's template and title.
    const c = await connected(p.id, p.links.participant.token)
    expect(readMeta(c.doc)).toMatchObject({ title: 'Plenary', sessionId: s.id })
    expect(readMeta(c.doc).columns.map((x) => x.id)).toEqual(['what', 'so-what', 'now-what'])
    // Without the flag, no plenary.
    const plain = await t.createSession({ boards: 1 })
    expect(plain.boards.some((b) => 'plenary' in b)).toBe(false)
    const bad = await t.fetch('/api/sessions', {
      method: 'POST',
      token: t.server.adminToken,
      body: JSON.stringify({ title: 'x', boards: 1, plenary: 'yes' }),
    })
    expect(bad.status).toBe(400)
  })

  it('[SE1.2] POST /api/sessions/:id/plenary adds the plenary once (409 after); only the session facilitator may', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 2 })
    const add = (token: string) =>
      t.fetch(`/api/sessions/${s.id}/plenary`, { method: 'POST', token, body: '{}' })
    expect((await add(s.links.participant.token)).status).toBe(404)
    expect((await add(s.boards[0]!.links.facilitator.token)).status).toBe(404)
    const made = await json(await add(s.links.facilitator.token))
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: 'Plenary', plenary: true })
    const again = await json(await add(s.links.facilitator.token))
    expect(again.status).toBe(409)
    expect(again.body.error).toBe('plenary_exists')
    const detail = await json(
      await t.fetch(`/api/sessions/${s.id}`, { token: s.links.facilitator.token }),
    )
    expect(
      detail.body.boards.map((b: { id: string; plenary?: boolean }) => [b.id, b.plenary ?? false]),
    ).toEqual([
      [s.boards[0]!.id, false],
      [s.boards[1]!.id, false],
      [made.body.id, true],
    ])
    const picker = await json(
      await t.fetch(`/api/sessions/${s.id}/me`, { token: s.links.participant.token }),
    )
    expect(picker.body.boards.at(-1)).toMatchObject({ id: made.body.id, plenary: true })
  })

  it('[SE2.5] a board tells a session facilitator where the plenary is; a room link or a participant is told none', async () => {
    const { s, a, p } = await session()
    const me = async (boardId: string, token: string) =>
      (await json(await t.fetch(`/api/boards/${boardId}/me`, { token }))).body
    expect((await me(a.id, s.links.facilitator.token)).plenary).toEqual({
      id: p.id,
      name: 'Plenary',
    })
    expect((await me(p.id, s.links.facilitator.token)).board.plenary).toBe(true)
    expect((await me(a.id, a.links.facilitator.token)).plenary).toBeNull()
    expect((await me(a.id, s.links.participant.token)).plenary).toBeNull()
    expect((await me(a.id, s.links.participant.token)).board.plenary).toBeUndefined()
  })

  it('[SE2.1] a theme and a note sent from a room arrive on the plenary with their provenance, for everyone there', async () => {
    const { a, p, n2, theme, token } = await session()
    const inP = await connected(p.id, p.links.participant.token)
    const res = await json(await send(p.id, token, { from: a.id, notes: [n2], themes: [theme] }))
    expect(res.status).toBe(200)
    expect(res.body.summary).toEqual({ sent: 3, refreshed: 0, skipped: 0 })
    expect(res.body.themes[0]).toMatchObject({ id: theme, outcome: 'sent' })
    expect(res.body.themes[0]!.notes.map((n: { outcome: string }) => n.outcome)).toEqual(['sent'])
    expect(res.body.notes).toEqual([{ id: n2, copyId: expect.any(String), outcome: 'sent' }])
    await waitFor(() => copies(inP.doc).length === 2, 5000, 'copies on the plenary')
    const byText = Object.fromEntries(copies(inP.doc).map((n) => [n.text, n]))
    expect(byText['Grid queues']!.source).toMatchObject({
      boardId: a.id,
      boardName: 'Energy',
      noteId: n2,
      city: 'Umeå',
      column: 'so-what',
    })
    expect(byText['Heat pumps for schools']!.city).toBe('Lahti')
    const plenaryTheme = readBoard(inP.doc).clusters[0]!
    expect(plenaryTheme.title).toBe('Heating')
    expect(plenaryTheme.sources.map((x) => [x.boardId, x.clusterId])).toEqual([[a.id, theme]])
    expect(byText['Heat pumps for schools']!.clusterId).toBe(plenaryTheme.id)
  })

  it('[SE2.4] sending again adds nothing; a changed source is reported, then refreshed when asked', async () => {
    const { a, p, inA, n2, theme, token } = await session()
    await send(p.id, token, { from: a.id, notes: [n2], themes: [theme] })
    const again = await json(await send(p.id, token, { from: a.id, notes: [n2], themes: [theme] }))
    expect(again.body.summary).toEqual({ sent: 0, refreshed: 0, skipped: 2 })
    expect(again.body.notes[0]!.outcome).toBe('already-sent')
    setText(inA.doc, n2, 'Grid queues of two years')
    await waitFor(async () => {
      const r = await json(await send(p.id, token, { from: a.id, notes: [n2] }))
      return r.body.notes[0]!.outcome === 'changed-since-sent'
    })
    const refreshed = await json(
      await send(p.id, token, { from: a.id, notes: [n2], refresh: true }),
    )
    expect(refreshed.body.notes[0]!.outcome).toBe('refreshed')
    expect(refreshed.body.summary).toEqual({ sent: 0, refreshed: 1, skipped: 0 })
    const inP = await connected(p.id, p.links.observer.token)
    expect(
      copies(inP.doc)
        .map((n) => n.text)
        .sort(),
    ).toEqual(['Grid queues of two years', 'Heat pumps for schools'])
  })

  it('[SE2.2, SE2.3] clear errors: unknown plenary, other roles, not a plenary, bad body, same board, a board of another session', async () => {
    const { s, a, b, p, n2, token } = await session()
    const other = await t.createSession({ title: 'Other', boards: 1 })
    const cases: Array<[string, string, unknown, number, string]> = [
      ['unknown plenary', 'nope', { from: a.id, notes: [n2] }, 404, 'not_found'],
      ["another session's link", p.id, { from: a.id, notes: [n2] }, 404, 'not_found'],
      ['participant', p.id, { from: a.id, notes: [n2] }, 404, 'not_found'],
      ['not a plenary', b.id, { from: a.id, notes: [n2] }, 409, 'not_plenary'],
      ['nothing named', p.id, { from: a.id }, 400, 'bad_request'],
      ['not JSON', p.id, '{', 400, 'bad_request'],
      ['ids not strings', p.id, { from: a.id, notes: [7] }, 400, 'bad_request'],
      ['same board', p.id, { from: p.id, notes: [n2] }, 400, 'same_board'],
      ['unknown source', p.id, { from: 'nope', notes: [n2] }, 400, 'unknown_source'],
      ['other session', p.id, { from: other.boards[0]!.id, notes: [n2] }, 400, 'unknown_source'],
      ["the plenary's own link", p.id, { from: a.id, notes: [n2] }, 403, 'forbidden'],
    ]
    const tokenFor: Record<string, string> = {
      "another session's link": other.links.facilitator.token,
      participant: s.links.participant.token,
      "the plenary's own link": p.links.facilitator.token,
    }
    for (const [what, target, body, status, error] of cases) {
      const r = await json(await send(target, tokenFor[what] ?? token, body))
      expect([what, r.status, r.body.error]).toEqual([what, status, error])
      expect(typeof r.body.message).toBe('string')
    }
    // Nothing reached the plenary.
    const inP = await connected(p.id, p.links.observer.token)
    expect(readBoard(inP.doc).notes).toEqual([])
    // An unknown note is an item's outcome, not an error.
    const r = await json(await send(p.id, token, { from: a.id, notes: ['gone', n2] }))
    expect(r.body.notes.map((n: { outcome: string }) => n.outcome)).toEqual(['not-found', 'sent'])
  })

  it('[SE1.5] the session harvest names the plenary, lists each copy with its source, and counts it once', async () => {
    const { s, a, p, n2, theme, token } = await session()
    await send(p.id, token, { from: a.id, notes: [n2], themes: [theme] })
    const res = await t.fetch(`/api/sessions/${s.id}/harvest?format=json`, { token })
    const h = SessionHarvestSchema.parse(await res.json())
    expect(h.boards.map((b) => [b.board.title, b.board.plenary ?? false])).toEqual([
      ['Energy', false],
      ['Mobility', false],
      ['Plenary', true],
    ])
    const plenary = h.boards[2]!
    const notes = [...plenary.columns.flatMap((c) => c.notes), ...plenary.parkingLot]
    expect(notes.map((n) => [n.text, n.source?.boardId, n.source?.boardName]).sort()).toEqual([
      ['Grid queues', a.id, 'Energy'],
      ['Heat pumps for schools', a.id, 'Energy'],
    ])
    expect(h.summary).toMatchObject({ notes: 2, copies: 2 })
    const md = await (await t.fetch(`/api/sessions/${s.id}/harvest?format=md`, { token })).text()
    expect(md).toContain('| Plenary (+2 copies counted in their rooms) |')
    expect(md).toContain('Room without notes: Mobility.')
  })

  it('[SE1.4] session-wide controls reach the rooms, not the plenary', async () => {
    const { s, p } = await session()
    const r = await json(
      await t.fetch(`/api/sessions/${s.id}/control`, {
        method: 'POST',
        token: s.links.facilitator.token,
        body: JSON.stringify({ locked: true }),
      }),
    )
    expect(r.body).toEqual({ boards: 2 })
    const inP = await connected(p.id, p.links.observer.token)
    expect(readMeta(inP.doc).locked).toBe(false)
  })

  it('[SE5.1] a control for the boards named reaches those alone, the plenary when named; a board of no session is refused before anything changes', async () => {
    const { s, a, b, p } = await session()
    const token = s.links.facilitator.token
    const control = async (body: unknown) =>
      json(
        await t.fetch(`/api/sessions/${s.id}/control`, {
          method: 'POST',
          token,
          body: JSON.stringify(body),
        }),
      )
    const inA = await connected(a.id, a.links.observer.token)
    const inB = await connected(b.id, b.links.observer.token)
    const inP = await connected(p.id, p.links.observer.token)
    expect((await control({ boards: [b.id], locked: true, phase: 'so-what' })).body).toEqual({
      boards: 1,
    })
    await waitFor(() => readMeta(inB.doc).locked && readMeta(inB.doc).phase === 'so-what')
    expect(readMeta(inA.doc)).toMatchObject({ locked: false, phase: null })
    expect(readMeta(inP.doc).locked).toBe(false)
    expect((await control({ boards: [p.id], locked: true })).body).toEqual({ boards: 1 })
    await waitFor(() => readMeta(inP.doc).locked)
    // Another session's board, or no board: 400 and nothing changes, the named room either.
    const other = await t.createSession({ title: 'Elsewhere', boards: 1 })
    for (const boards of [[a.id, other.boards[0]!.id], [a.id, 'b-nowhere'], []]) {
      const r = await control({ boards, locked: true })
      expect(r.status, JSON.stringify(boards)).toBe(400)
      expect(r.body.error).toBe(boards.length === 0 ? 'bad_request' : 'unknown_board')
    }
    expect(readMeta(t.server.rooms.get(a.id)!.doc).locked).toBe(false)
  })
})

describe('merging themes on the plenary', () => {
  it("[F11.9] [F11.8] a facilitator merges themes sent from two rooms; a participant's merge is undone everywhere", async () => {
    const { s, a, b, p, theme, token } = await session()
    const inB = await connected(b.id, b.links.facilitator.token)
    const nb = createNote(inB.doc, { text: 'District heating', column: 'what' })
    const tb = createCluster(inB.doc, {
      title: 'Heating',
      column: 'what',
      x: 40,
      y: 180,
      w: 500,
      h: 300,
      noteIds: [nb],
    })
    await waitFor(() => readBoard(t.server.rooms.get(b.id)!.doc).clusters.length === 1)
    await send(p.id, token, { from: a.id, themes: [theme] })
    await send(p.id, token, { from: b.id, themes: [tb] })
    const part = await connected(p.id, p.links.participant.token)
    const fac = await connected(p.id, s.links.facilitator.token)
    await waitFor(() => readBoard(part.doc).clusters.length === 2)
    const [c1, c2] = readBoard(fac.doc).clusters.map((c) => c.id) as [string, string]
    mergeThemes(part.doc, c1, [c2])
    await waitFor(() => readBoard(part.doc).clusters.length === 2, 5000, 'the merge undone')
    expect(readBoard(fac.doc).clusters).toHaveLength(2)
    mergeThemes(fac.doc, c1, [c2])
    await waitFor(() => readBoard(part.doc).clusters.length === 1, 5000, 'the merge relayed')
    const merged = readBoard(part.doc).clusters[0]!
    expect(merged.sources.map((x) => x.boardId).sort()).toEqual([a.id, b.id].sort())
    expect(readBoard(part.doc).notes.every((n) => n.clusterId === merged.id)).toBe(true)
    // Sending either room's theme again adds nothing.
    const again = await json(await send(p.id, token, { from: b.id, themes: [tb] }))
    expect(again.body.themes[0]).toMatchObject({ copyId: merged.id, outcome: 'already-sent' })
  })
})

describe('changed since sent over HTTP', () => {
  const sources = (boardId: string, token: string, etag?: string) =>
    t.fetch(`/api/boards/${boardId}/sources`, {
      token,
      headers: etag ? { 'if-none-match': etag } : {},
    })

  it('[SE3.1] every copy with its status, as the source changes; 304 while nothing does', async () => {
    const { a, p, inA, n2, theme, token } = await session()
    await send(p.id, token, { from: a.id, notes: [n2], themes: [theme] })
    const first = await sources(p.id, token)
    const body = (await first.json()) as {
      notes: Record<string, string>
      themes: Record<string, unknown[]>
    }
    expect(Object.values(body.notes)).toEqual([SOURCE_STATUS.unchanged, SOURCE_STATUS.unchanged])
    expect(Object.values(body.themes)).toEqual([
      [{ boardId: a.id, clusterId: theme, status: 'unchanged' }],
    ])
    const etag = first.headers.get('etag')!
    expect((await sources(p.id, token, etag)).status).toBe(304)
    setText(inA.doc, n2, 'Grid queues of two years')
    await waitFor(async () => (await sources(p.id, token, etag)).status === 200)
    const after = (await (await sources(p.id, token)).json()) as { notes: Record<string, string> }
    expect(Object.values(after.notes).sort()).toEqual([
      SOURCE_STATUS.changed,
      SOURCE_STATUS.unchanged,
    ])
    // Facilitators only.
    expect((await sources(p.id, p.links.participant.token)).status).toBe(404)
    expect((await sources(p.id, 'nope')).status).toBe(404)
  })

  it('[SE3.2] an idle source board is read from storage once per version, not loaded into memory', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 50 } })
    const s = await t.createSession({ boards: ['Energy'], plenary: true })
    const [a, p] = [s.boards[0]!, s.boards[1]!]
    const inA = await connected(a.id, a.links.facilitator.token)
    const n = createNote(inA.doc, { text: 'Heat pumps', column: 'what' })
    await waitFor(async () => {
      const r = await json(await send(p.id, s.links.facilitator.token, { from: a.id, notes: [n] }))
      return r.body.summary.sent === 1
    })
    inA.provider.destroy()
    await waitFor(() => t.server.rooms.get(a.id) === undefined, 5000, 'room A out of memory')
    const computed = t.server.digests.computed
    for (let i = 0; i < 3; i++) {
      const r = (await (await sources(p.id, s.links.facilitator.token)).json()) as {
        notes: Record<string, string>
      }
      expect(Object.values(r.notes)).toEqual([SOURCE_STATUS.unchanged])
    }
    expect(t.server.rooms.get(a.id)).toBeUndefined()
    expect(t.server.digests.computed - computed).toBe(1)
  })

  it('[SE3.1] a copy naming a board of another session reads as no board, whatever that board holds', async () => {
    const { a, p, n2, token } = await session()
    const other = await t.createSession({ title: 'Other', boards: 1 })
    const otherIn = await connected(other.boards[0]!.id, other.boards[0]!.links.facilitator.token)
    const secret = createNote(otherIn.doc, { text: 'not yours', column: 'what' })
    const sent = await json(await send(p.id, token, { from: a.id, notes: [n2] }))
    const copyId = sent.body.notes[0]!.copyId!
    // A facilitator on the plenary rewrites the copy's source to point into the other session.
    const inP = await connected(p.id, p.links.facilitator.token)
    await waitFor(() => copies(inP.doc).length === 1)
    const { notesMap, NOTE } = await import('@sensemaking/shared')
    notesMap(inP.doc)
      .get(copyId)!
      .set(NOTE.source, {
        ...copies(inP.doc)[0]!.source,
        boardId: other.boards[0]!.id,
        noteId: secret,
      })
    await waitFor(async () => {
      const r = (await (await sources(p.id, token)).json()) as { notes: Record<string, string> }
      return r.notes[copyId] === SOURCE_STATUS.noBoard
    })
  })
})
