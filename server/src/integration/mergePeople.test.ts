/**
 * One person on two devices, merged by a facilitator [F14.9], against the real server: Sofia
 * joined on her laptop and again on her phone (two people to the server), wrote and voted from
 * both; the facilitator merges the phone's entry into the laptop's. Every check reads a fresh
 * facilitator's copy, the harvest or the writer's own replica, as the ownership tests do.
 */
import {
  createNote,
  HarvestSchema,
  harvestNotes,
  mergedMap,
  NOTE,
  notesMap,
  PRESENCE,
  readBoard,
  readPresence,
  setText,
  setVote,
  setVotes,
  votesMap,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

async function board() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 1 })
  const b = s.boards[0]!
  const laptop = await t.person('Sofia', 'Braga')
  const phone = await t.person('Sofia M.', 'Braga')
  const tomas = await t.person('Tomás', 'Porto')
  const f = t.client(b.id, b.links.facilitator.token)
  const l = t.client(b.id, b.links.participant.token, laptop)
  const p = t.client(b.id, b.links.participant.token, phone)
  const o = t.client(b.id, b.links.participant.token, tomas)
  await Promise.all([f.synced, l.synced, p.synced, o.synced])
  const fromLaptop = createNote(l.doc, {
    text: 'Laptop: shared bikes',
    column: 'what',
    ...signedBy(laptop),
  })
  const fromPhone = createNote(p.doc, {
    text: 'Phone: bus lanes',
    column: 'what',
    ...signedBy(phone),
  })
  const byTomas = createNote(o.doc, {
    text: 'Porto: night buses',
    column: 'what',
    ...signedBy(tomas),
  })
  await waitFor(() => notesMap(f.doc).size === 3 && notesMap(p.doc).size === 3)
  setVote(f.doc, { status: 'open', dotsPerPerson: 3, round: 1 })
  await waitFor(() => readBoard(l.doc).notes.length === 3 && readBoard(p.doc).notes.length === 3)
  await waitFor(() => votesMap(p.doc).size === 3)
  return { s, b, laptop, phone, tomas, f, l, p, o, fromLaptop, fromPhone, byTomas }
}
type Board = Awaited<ReturnType<typeof board>>

const merge = (x: Board, token: string, body: unknown) =>
  t.fetch(`/api/boards/${x.b.id}/people/merge`, {
    method: 'POST',
    token,
    body: JSON.stringify(body),
  })

async function freshCopy(x: Board): Promise<Y.Doc> {
  const c = t.client(x.b.id, x.b.links.facilitator.token)
  await c.synced
  return c.doc
}

const dots = (d: Y.Doc, voter: string) => {
  const out: Record<string, number> = {}
  votesMap(d).forEach((voters, id) => {
    const n = voters.get(voter)
    if (typeof n === 'number') out[id] = n
  })
  return out
}
const authorOf = (d: Y.Doc, id: string) => readBoard(d).notes.find((n) => n.id === id)?.authorId

describe('a facilitator merges two entries of one person [F14.9]', () => {
  it('[F14.9] only the board’s facilitator merges, two person ids the server issues; one person twice is a 409', async () => {
    const x = await board()
    const body = { from: x.phone.id, into: x.laptop.id }
    for (const token of [x.b.links.participant.token, x.b.links.observer.token, 'nope']) {
      expect((await merge(x, token, body)).status).toBe(404)
    }
    const bad = await merge(x, x.b.links.facilitator.token, { from: 'u-lea', into: x.laptop.id })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({
      error: expect.any(String),
      message: expect.stringMatching(/from/),
    })
    const same = await merge(x, x.b.links.facilitator.token, {
      from: x.laptop.id,
      into: x.laptop.id,
    })
    expect(same.status).toBe(409)
    expect(await same.json()).toMatchObject({ error: 'same_person' })
    // Nothing changed for any of the refusals.
    const copy = await freshCopy(x)
    expect(mergedMap(copy).size).toBe(0)
    expect(authorOf(copy, x.fromPhone)).toBe(x.phone.id)
  })

  it('[F14.9] [F12.14] the phone’s note and dots follow Sofia, within her dots per person; the excess is given back', async () => {
    const x = await board()
    setVotes(x.l.doc, x.byTomas, x.laptop.id, 2)
    setVotes(x.p.doc, x.byTomas, x.phone.id, 1)
    setVotes(x.p.doc, x.fromLaptop, x.phone.id, 2)
    setVotes(x.o.doc, x.fromPhone, x.tomas.id, 3)
    await waitFor(() => Object.keys(dots(x.f.doc, x.phone.id)).length === 2)
    await waitFor(() => Object.keys(dots(x.f.doc, x.tomas.id)).length === 1)
    await waitFor(() => Object.keys(dots(x.f.doc, x.laptop.id)).length === 1)
    const res = await merge(x, x.b.links.facilitator.token, { from: x.phone.id, into: x.laptop.id })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      from: x.phone.id,
      into: x.laptop.id,
      notes: 1,
      dots: { moved: 1, returned: 2 },
      // A board's own facilitator link: this board only.
      boards: 1,
    })
    const copy = await freshCopy(x)
    expect(authorOf(copy, x.fromPhone)).toBe(x.laptop.id)
    expect(readBoard(copy).notes.find((n) => n.id === x.fromPhone)).toMatchObject({
      author: 'Sofia M.',
      city: 'Braga',
    })
    expect(authorOf(copy, x.byTomas)).toBe(x.tomas.id)
    // Most of the phone's dots first: its 2 on the laptop's note fill the one dot left.
    expect(dots(copy, x.laptop.id)).toEqual({ [x.byTomas]: 2, [x.fromLaptop]: 1 })
    expect(dots(copy, x.phone.id)).toEqual({})
    expect(dots(copy, x.tomas.id)).toEqual({ [x.fromPhone]: 3 })
    const h = harvestNotes(
      HarvestSchema.parse(
        await (
          await t.fetch(`/api/boards/${x.b.id}/harvest?format=json`, {
            token: x.b.links.facilitator.token,
          })
        ).json(),
      ),
    )
    expect(new Set(h.filter((n) => n.city === 'Braga').map((n) => n.authorId))).toEqual(
      new Set([x.laptop.id]),
    )
    // Merged already: it cannot be merged again elsewhere.
    const again = await merge(x, x.b.links.facilitator.token, {
      from: x.phone.id,
      into: x.tomas.id,
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: 'already_merged' })
  })

  it('[F14.9] [F14.7] the phone, connected through the merge, goes on as Sofia: her notes, her new notes, her dots cap, her presence', async () => {
    const x = await board()
    setVotes(x.l.doc, x.byTomas, x.laptop.id, 3)
    await waitFor(() => dots(x.p.doc, x.laptop.id)[x.byTomas] === 3)
    const res = await merge(x, x.b.links.facilitator.token, { from: x.phone.id, into: x.laptop.id })
    expect(res.status).toBe(200)
    await waitFor(() => mergedMap(x.p.doc).get(x.phone.id) === x.laptop.id)
    // The phone edits the laptop's note, under the client id it wrote with before the merge.
    setText(x.p.doc, x.fromLaptop, 'Laptop: shared bikes, edited on the phone')
    // A new note signed as Sofia, with the name and city the phone joined with.
    const fresh = createNote(x.p.doc, {
      text: 'Phone after the merge',
      column: 'so-what',
      author: x.phone.name,
      authorId: x.laptop.id,
      city: x.phone.city,
    })
    // The laptop edits the phone's old note.
    setText(x.l.doc, x.fromPhone, 'Phone: bus lanes, edited on the laptop')
    await waitFor(() => {
      const n = readBoard(x.f.doc).notes
      return (
        n.find((m) => m.id === x.fromLaptop)?.text.endsWith('on the phone') === true &&
        n.find((m) => m.id === fresh) !== undefined &&
        n.find((m) => m.id === x.fromPhone)?.text.endsWith('on the laptop') === true
      )
    }, 10_000)
    // Sofia's three dots are placed: a fourth from the phone is refused, under either id.
    setVotes(x.p.doc, x.fromPhone, x.laptop.id, 1)
    setVotes(x.p.doc, x.fromLaptop, x.phone.id, 1)
    await waitFor(() => dots(x.p.doc, x.laptop.id)[x.fromPhone] === undefined, 10_000)
    await waitFor(() => dots(x.p.doc, x.phone.id)[x.fromLaptop] === undefined, 10_000)
    // Tomás still edits nothing of Sofia's.
    setText(x.o.doc, x.fromPhone, 'Tomás was here')
    await waitFor(
      () =>
        readBoard(x.o.doc)
          .notes.find((n) => n.id === x.fromPhone)
          ?.text.startsWith('Phone') === true,
      10_000,
    )
    // Her presence from the phone says the person the server knows now.
    x.p.provider.awareness.setLocalStateField(PRESENCE.user, {
      id: x.phone.id,
      name: 'x',
      color: '#123',
    })
    const seen = () => readPresence(x.f.provider.awareness.getStates().get(x.p.doc.clientID)).user
    await waitFor(() => seen()?.color === '#123')
    expect(seen()).toMatchObject({ id: x.laptop.id, name: 'Sofia M.', role: 'participant' })
    const copy = await freshCopy(x)
    expect(readBoard(copy).notes.find((n) => n.id === fresh)?.authorId).toBe(x.laptop.id)
    expect(dots(copy, x.laptop.id)).toEqual({ [x.byTomas]: 3 })
    expect(dots(copy, x.phone.id)).toEqual({})
  })

  it('[F14.9] [F14.2] the phone reconnecting with its own credential is Sofia on this board, and only on this board', async () => {
    const x = await board()
    const other = await t.createSession({ boards: 1 })
    const res = await merge(x, x.b.links.facilitator.token, { from: x.phone.id, into: x.laptop.id })
    expect(res.status).toBe(200)
    x.p.provider.destroy()
    const again = t.client(x.b.id, x.b.links.participant.token, x.phone)
    await again.synced
    setText(again.doc, x.fromLaptop, 'Edited after a reload')
    await waitFor(
      () =>
        readBoard(x.f.doc).notes.find((n) => n.id === x.fromLaptop)?.text ===
        'Edited after a reload',
      10_000,
    )
    // Her own data, asked with the phone's credential, is the person's on this board.
    const mine = await t.fetch(`/api/boards/${x.b.id}/mine`, {
      token: x.b.links.participant.token,
      headers: { 'x-person': x.phone.credential },
    })
    expect(mine.status).toBe(200)
    const data = (await mine.json()) as { notes: Array<{ id: string }> }
    expect(data.notes.map((n) => n.id).sort()).toEqual([x.fromLaptop, x.fromPhone].sort())
    // Another board knows nothing of the merge: there the phone is the phone.
    const ob = other.boards[0]!
    const elsewhere = t.client(ob.id, ob.links.participant.token, x.phone)
    await elsewhere.synced
    const n = createNote(elsewhere.doc, { text: 'Elsewhere', column: 'what', ...signedBy(x.phone) })
    const watcher = t.client(ob.id, ob.links.facilitator.token)
    await watcher.synced
    await waitFor(() => notesMap(watcher.doc).has(n), 10_000)
    expect((notesMap(watcher.doc).get(n) as Y.Map<unknown>).get(NOTE.authorId)).toBe(x.phone.id)
  })

  it('[F14.9] after the board left memory the phone joins an unbuilt board and still writes as Sofia', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 50 } })
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    const laptop = await t.person('Sofia', 'Braga')
    const phone = await t.person('Sofia M.', 'Braga')
    const l = t.client(b.id, b.links.participant.token, laptop)
    await l.synced
    const note = createNote(l.doc, { text: 'Laptop words', column: 'what', ...signedBy(laptop) })
    await waitFor(() => t.server.rooms.get(b.id)?.currentStats().notes.total === 1)
    const res = await t.fetch(`/api/boards/${b.id}/people/merge`, {
      method: 'POST',
      token: b.links.facilitator.token,
      body: JSON.stringify({ from: phone.id, into: laptop.id }),
    })
    expect(res.status).toBe(200)
    l.provider.destroy()
    await waitFor(() => t.server.rooms.get(b.id) === undefined, 5000, 'the board out of memory')
    const p = t.client(b.id, b.links.participant.token, phone)
    await p.synced
    expect(t.server.rooms.get(b.id)?.materialized).toBe(false)
    setText(p.doc, note, 'Edited on the phone')
    const f = t.client(b.id, b.links.facilitator.token)
    await waitFor(
      () => readBoard(f.doc).notes.find((n) => n.id === note)?.text === 'Edited on the phone',
      10_000,
    )
    expect(p.provider.wsconnected).toBe(true)
  })

  it('[F14.9] nobody writes the record by hand, a facilitator’s device neither', async () => {
    const x = await board()
    x.f.doc.transact(() => mergedMap(x.f.doc).set(x.phone.id, x.laptop.id))
    await waitFor(() => !mergedMap(x.f.doc).has(x.phone.id), 10_000)
    x.p.doc.transact(() => mergedMap(x.p.doc).set(x.phone.id, x.laptop.id))
    await waitFor(() => !mergedMap(x.p.doc).has(x.phone.id), 10_000)
    const copy = await freshCopy(x)
    expect(mergedMap(copy).size).toBe(0)
  })
})
