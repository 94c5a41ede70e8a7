/**
 * The dashboard's live view against the real server [SE4]: what each room says (latest notes,
 * themes, counts), answered at once when it changed, held while it does not, from stored
 * figures for rooms out of memory.
 */
import {
  createCluster,
  createNote,
  deleteNote,
  moveNotes,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { type Room, readEvents } from '../testing/liveEvents'
import { newTestServer, type TestClient, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const live = (sessionId: string, token: string, opts: { etag?: string; wait?: number } = {}) =>
  t.fetch(`/api/sessions/${sessionId}/live${opts.wait !== undefined ? `?wait=${opts.wait}` : ''}`, {
    token,
    headers: opts.etag ? { 'if-none-match': opts.etag } : {},
  })

const rooms = async (res: Response) => ((await res.json()) as { boards: Room[] }).boards

async function connected(boardId: string, token: string): Promise<TestClient> {
  const c = t.client(boardId, token)
  await c.synced
  return c
}

describe('the live view of a session', () => {
  it('[SE4.1, SE4.2] each room: its latest notes with words, newest first, its themes and counts; the plenary marked', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Energy', 'Mobility'], plenary: true })
    const [a, b] = [s.boards[0]!, s.boards[1]!]
    // Notes of a city and a theme, seeded as an import through the facilitator's link [F14.3].
    const inA = await connected(a.id, a.links.facilitator.token)
    const ids: string[] = []
    let now = 1_000
    for (const [text, lever] of [
      ['Heat pumps in schools', 'technology-infrastructure'],
      ['Green bonds', 'finance-funding'],
      ['', null],
      ['Citizens panel', 'democracy-participation'],
      ['Open data portal', 'technology-infrastructure'],
      ['Retrofit skills', 'learning-capabilities'],
      ['x'.repeat(400), null],
    ] as const) {
      ids.push(
        createNote(
          inA.doc,
          { text, column: 'what', lever, city: 'Lahti' },
          { now: () => (now += 1000) },
        ),
      )
    }
    createCluster(inA.doc, {
      title: 'Heat',
      column: 'what',
      x: 40,
      y: 180,
      w: 500,
      h: 300,
      noteIds: [ids[0]!, ids[4]!],
    })
    deleteNote(inA.doc, ids[5]!)
    const token = s.links.facilitator.token
    let got: Room[] = []
    await waitFor(async () => {
      got = await rooms(await live(s.id, token))
      return got[0]!.notes.total === 6
    })
    const [roomA, roomB, plenary] = got
    // Five latest with words, newest first: the deleted one and the empty one are not said.
    expect(roomA!.recent.map((n) => n.id)).toEqual([ids[6], ids[4], ids[3], ids[1], ids[0]])
    expect(roomA!.recent[1]).toMatchObject({
      text: 'Open data portal',
      column: 'what',
      lever: 'technology-infrastructure',
      city: 'Lahti',
    })
    expect(roomA!.recent[0]!.text).toHaveLength(280)
    expect(roomA!.recent[0]!.text.endsWith('…')).toBe(true)
    expect(roomA!.themes).toEqual([{ id: expect.any(String), title: 'Heat', notes: 2 }])
    expect(roomA!.online).toBe(1)
    expect(roomA!.byLever['technology-infrastructure']).toBe(2)
    expect(roomB).toMatchObject({ id: b.id, title: 'Mobility', recent: [], themes: [], online: 0 })
    expect(roomB!.plenary).toBeUndefined()
    expect(plenary).toMatchObject({ title: 'Plenary', plenary: true })
    expect(roomA!.recent.every((n) => !('from' in n))).toBe(true)
    // A copy on the plenary says the room it was sent from.
    const sent = await t.fetch(`/api/boards/${plenary!.id}/send`, {
      method: 'POST',
      token,
      body: JSON.stringify({ from: a.id, notes: [ids[3]] }),
    })
    expect(sent.status).toBe(200)
    await waitFor(async () => {
      got = await rooms(await live(s.id, token))
      return got[2]!.recent.length === 1
    })
    expect(got[2]!.recent[0]).toMatchObject({
      text: 'Citizens panel',
      city: 'Lahti',
      from: 'Energy',
    })
  })

  it('[SE4.3] a request naming the current version waits for a change, then answers with the new note; 304 when the wait runs out or without one', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 2 })
    const a = s.boards[0]!
    const inA = await connected(a.id, a.links.participant.token)
    const token = s.links.facilitator.token
    const first = await live(s.id, token)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    // Without a wait, an unchanged session is 304 at once; with a short one, 304 when it ends.
    expect((await live(s.id, token, { etag })).status).toBe(304)
    const t0 = Date.now()
    const quiet = await live(s.id, token, { etag, wait: 0.3 })
    expect(quiet.status).toBe(304)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
    // A note posted while a request waits is in its answer, well within a second.
    const held = live(s.id, token, { etag, wait: 20 })
    await waitFor(() => t.server.live.watching === 1, 5000, 'the request to wait')
    const id = createNote(inA.doc, { text: 'Bike lanes on every bridge', column: 'now-what' })
    // Answered on the change, not at the end of its 20 s.
    const res = await held
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(etag)
    expect((await rooms(res))[0]!.recent.map((n) => [n.id, n.text])).toEqual([
      [id, 'Bike lanes on every bridge'],
    ])
  })

  it('[SE4.3] someone joining a room is a change; editing a note is one', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const a = s.boards[0]!
    const token = s.links.facilitator.token
    const etag0 = (await live(s.id, token)).headers.get('etag')!
    const held = live(s.id, token, { etag: etag0, wait: 20 })
    await waitFor(() => t.server.live.watching === 1, 5000, 'the request to wait')
    const inA = await connected(a.id, a.links.participant.token)
    const joined = await held
    expect((await rooms(joined))[0]!.online).toBe(1)
    const id = createNote(inA.doc, { text: 'Draft', column: 'what' })
    let etag = joined.headers.get('etag')!
    await waitFor(async () => {
      const r = await live(s.id, token, { etag })
      if (r.status === 200) etag = r.headers.get('etag')!
      return r.status === 200 && (await rooms(r))[0]!.recent[0]?.text === 'Draft'
    })
    const edited = live(s.id, token, { etag, wait: 20 })
    await waitFor(() => t.server.live.watching === 1, 5000, 'the request to wait')
    setText(inA.doc, id, 'Draft of a shared roadmap')
    expect((await rooms(await edited))[0]!.recent[0]!.text).toBe('Draft of a shared roadmap')
  })

  it('[SE4.4] a room out of memory answers from its stored figures, latest notes included, and stays out', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 50 } })
    const s = await t.createSession({ boards: 1 })
    const a = s.boards[0]!
    const inA = await connected(a.id, a.links.facilitator.token)
    createNote(inA.doc, { text: 'Stored with the figures', column: 'so-what', city: 'Umeå' })
    await waitFor(() => t.server.rooms.get(a.id)?.currentStats().notes.total === 1)
    inA.provider.destroy()
    await waitFor(() => t.server.rooms.get(a.id) === undefined, 5000, 'room out of memory')
    const [room] = await rooms(await live(s.id, s.links.facilitator.token))
    expect(room!.recent.map((n) => [n.text, n.city])).toEqual([['Stored with the figures', 'Umeå']])
    expect(room!.online).toBe(0)
    expect(t.server.rooms.get(a.id)).toBeUndefined()
  })

  it('[SE4.1] the session facilitator only; a bad wait is a 400', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    expect((await live(s.id, s.links.participant.token)).status).toBe(404)
    expect((await live(s.id, s.boards[0]!.links.facilitator.token)).status).toBe(404)
    expect((await live('nope', s.links.facilitator.token)).status).toBe(404)
    const bad = await live(s.id, s.links.facilitator.token, { wait: 99 })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toBe('bad_request')
  })

  it('[SE4.5] a stream sends the whole session, then only the rooms that changed; participants get none', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Energy', 'Mobility', 'Food'] })
    const [a, b] = [s.boards[0]!, s.boards[1]!]
    const inA = await connected(a.id, a.links.participant.token)
    const ctrl = new AbortController()
    const res = await t.fetch(`/api/sessions/${s.id}/live/stream`, {
      token: s.links.facilitator.token,
      signal: ctrl.signal,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = readEvents(res)
    const first = await events.next()
    expect(first.ids).toEqual(s.boards.map((x) => x.id))
    expect(first.boards.map((x) => [x.title, x.online])).toEqual([
      ['Energy', 1],
      ['Mobility', 0],
      ['Food', 0],
    ])
    createNote(inA.doc, { text: 'Heat pumps in every school', column: 'what' })
    let e = await events.next()
    while (!e.boards.some((x) => x.recent.length > 0)) e = await events.next()
    expect(e.boards.map((x) => x.id)).toEqual([a.id])
    expect(e.boards[0]!.recent[0]!.text).toBe('Heat pumps in every school')
    await connected(b.id, b.links.observer.token)
    e = await events.next()
    expect(e.boards.map((x) => [x.id, x.online])).toEqual([[b.id, 1]])
    // A move changes no figure: room A is not sent again for it, only room B for its note.
    const moved = readBoard(inA.doc).notes[0]!
    moveNotes(inA.doc, [{ id: moved.id, x: moved.x + 40, y: moved.y + 40 }])
    const inB = await connected(b.id, b.links.participant.token)
    await waitFor(() => t.server.rooms.get(a.id) !== undefined)
    createNote(inB.doc, { text: 'Car-free Sundays', column: 'now-what' })
    e = await events.next()
    while (!e.boards.some((x) => x.recent.length > 0)) {
      expect(e.boards.map((x) => x.id)).not.toContain(a.id)
      e = await events.next()
    }
    expect(e.boards.map((x) => x.id)).toEqual([b.id])
    ctrl.abort()
    await waitFor(() => t.server.live.watching === 0, 5000, 'the stream to end')
    const part = await t.fetch(`/api/sessions/${s.id}/live/stream`, {
      token: s.links.participant.token,
    })
    expect(part.status).toBe(404)
  })

  it('[SE4.5, F13.3] a dashboard open through an erasure: the erased words leave its stream and every later answer', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Energy'] })
    const a = s.boards[0]!
    const facilitator = s.links.facilitator.token
    // Seeded through the facilitator's link, as an import of other people's notes would be.
    const inA = await connected(a.id, facilitator)
    const words = 'Léa keeps the bicycle corridor of Kervenic'
    const author = { author: 'Léa', city: 'Vannes', authorId: 'u-leaaaaaaaaaaaaaaa' }
    createNote(inA.doc, { text: words, column: 'what', ...author })
    createNote(inA.doc, { text: 'Heat pumps in every school', column: 'what' })
    const ctrl = new AbortController()
    const events = readEvents(
      await t.fetch(`/api/sessions/${s.id}/live/stream`, {
        token: facilitator,
        signal: ctrl.signal,
      }),
    )
    let e = await events.next()
    while (!e.boards[0]?.recent.some((n) => n.text === words)) e = await events.next()
    const erased = await t.fetch(`/api/boards/${a.id}/erase`, {
      method: 'POST',
      token: facilitator,
      body: JSON.stringify({ authorId: author.authorId }),
    })
    expect(await erased.json()).toMatchObject({ erased: true, notes: 1 })
    // The open stream is told: the room again, without the words, its other note kept.
    e = await events.next()
    while (e.boards.length === 0 || e.boards[0]!.notes.total !== 1) e = await events.next()
    expect(JSON.stringify(e)).not.toContain('Kervenic')
    expect(JSON.stringify(e)).not.toContain('Vannes')
    expect(e.boards[0]!.recent.map((n) => n.text)).toEqual(['Heat pumps in every school'])
    // A dashboard opened afterwards, and the one-shot answer, never see them either.
    const again = await (await live(s.id, facilitator)).text()
    expect(again).not.toContain('Kervenic')
    expect(again).toContain('Heat pumps in every school')
    const fresh = readEvents(
      await t.fetch(`/api/sessions/${s.id}/live/stream`, {
        token: facilitator,
        signal: ctrl.signal,
      }),
    )
    const first = await fresh.next()
    expect(JSON.stringify(first)).not.toContain('Kervenic')
    expect(first.boards[0]!.notes.total).toBe(1)
    ctrl.abort()
  })

  it('[SE4.5] the server stopping ends the streams', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const res = await t.fetch(`/api/sessions/${s.id}/live/stream`, {
      token: s.links.facilitator.token,
    })
    const events = readEvents(res)
    await events.next()
    await t.server.close()
    await expect(events.next()).rejects.toThrow(/ended/)
  })
})
