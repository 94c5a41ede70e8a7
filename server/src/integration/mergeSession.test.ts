/**
 * A merge of two people across a session [F14.9]: with the session's facilitator link, Sofia's
 * laptop and phone become one person on every board of the session (the breakouts and the
 * plenary), each board's notes and dots following within that board's vote; a breakout's own
 * facilitator link merges on its board only. Real server, real y-websocket clients.
 */
import {
  createNote,
  MergePeopleAnswer,
  mergedMap,
  notesMap,
  readBoard,
  readVote,
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

async function session() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 2, plenary: true })
  const [b1, b2] = s.boards.filter((b) => !b.plenary)
  const plenary = s.boards.find((b) => b.plenary)
  if (!b1 || !b2 || !plenary) throw new Error('two breakouts and a plenary expected')
  const laptop = await t.person('Sofia', 'Braga')
  const phone = await t.person('Sofia M.', 'Braga')
  return { s, b1, b2, plenary, laptop, phone }
}

const merge = (boardId: string, token: string, body: unknown) =>
  t.fetch(`/api/boards/${boardId}/people/merge`, {
    method: 'POST',
    token,
    body: JSON.stringify(body),
  })

async function freshCopy(boardId: string, token: string): Promise<Y.Doc> {
  const c = t.client(boardId, token)
  await c.synced
  return c.doc
}

const authorOf = (d: Y.Doc, id: string) => readBoard(d).notes.find((n) => n.id === id)?.authorId
const dotsOf = (d: Y.Doc, voter: string) => {
  let n = 0
  votesMap(d).forEach((voters) => {
    const v = voters.get(voter)
    if (typeof v === 'number') n += v
  })
  return n
}

describe('a merge across a session [F14.9]', () => {
  it('[F14.9] with the session’s link, the two entries are one person on every board of the session, each within its own vote', async () => {
    const x = await session()
    // Breakout 1: a note from each device, a vote of 3 dots open, 2 dots from each device.
    const l1 = t.client(x.b1.id, x.b1.links.participant.token, x.laptop)
    const p1 = t.client(x.b1.id, x.b1.links.participant.token, x.phone)
    const f1 = t.client(x.b1.id, x.b1.links.facilitator.token)
    // Breakout 2: a note from each device, no vote.
    const l2 = t.client(x.b2.id, x.b2.links.participant.token, x.laptop)
    const p2 = t.client(x.b2.id, x.b2.links.participant.token, x.phone)
    await Promise.all([l1.synced, p1.synced, f1.synced, l2.synced, p2.synced])
    const onB1 = createNote(l1.doc, { text: 'Laptop on 1', column: 'what', ...signedBy(x.laptop) })
    const phoneB1 = createNote(p1.doc, { text: 'Phone on 1', column: 'what', ...signedBy(x.phone) })
    const onB2 = createNote(l2.doc, { text: 'Laptop on 2', column: 'what', ...signedBy(x.laptop) })
    const phoneB2 = createNote(p2.doc, { text: 'Phone on 2', column: 'what', ...signedBy(x.phone) })
    await waitFor(() => notesMap(f1.doc).size === 2 && notesMap(l2.doc).size === 2)
    setVote(f1.doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    await waitFor(() => votesMap(p1.doc).size === 2 && readVote(l1.doc).status === 'open')
    setVotes(l1.doc, onB1, x.laptop.id, 2)
    setVotes(p1.doc, phoneB1, x.phone.id, 2)
    await waitFor(() => dotsOf(f1.doc, x.laptop.id) === 2 && dotsOf(f1.doc, x.phone.id) === 2)

    const res = await merge(x.b1.id, x.s.links.facilitator.token, {
      from: x.phone.id,
      into: x.laptop.id,
    })
    expect(res.status).toBe(200)
    const a = MergePeopleAnswer.parse(await res.json())
    // Three boards; a note on each breakout; breakout 1's vote has room for one of the two dots.
    expect(a).toEqual({
      from: x.phone.id,
      into: x.laptop.id,
      boards: 3,
      notes: 2,
      dots: { moved: 1, returned: 1 },
    })
    const c1 = await freshCopy(x.b1.id, x.b1.links.facilitator.token)
    expect(authorOf(c1, phoneB1)).toBe(x.laptop.id)
    expect(dotsOf(c1, x.laptop.id)).toBe(3)
    expect(dotsOf(c1, x.phone.id)).toBe(0)
    const c2 = await freshCopy(x.b2.id, x.b2.links.facilitator.token)
    expect(authorOf(c2, phoneB2)).toBe(x.laptop.id)
    expect(authorOf(c2, onB2)).toBe(x.laptop.id)
    const cp = await freshCopy(x.plenary.id, x.plenary.links.facilitator.token)
    expect(mergedMap(cp).get(x.phone.id)).toBe(x.laptop.id)

    // The phone, connected on breakout 2 through the merge, edits the laptop's note there.
    setText(p2.doc, onB2, 'Edited from the phone')
    await waitFor(
      () => readBoard(l2.doc).notes.find((n) => n.id === onB2)?.text === 'Edited from the phone',
      10_000,
    )
    // The phone joins the plenary later: it is Sofia there too.
    const pp = t.client(x.plenary.id, x.plenary.links.participant.token, x.phone)
    await pp.synced
    const own = createNote(pp.doc, {
      text: 'Phone in the plenary',
      column: 'what',
      ...signedBy({ ...x.phone, id: x.laptop.id }),
    })
    const watcher = t.client(x.plenary.id, x.plenary.links.facilitator.token)
    await watcher.synced
    await waitFor(() => notesMap(watcher.doc).has(own), 10_000)
    expect(authorOf(watcher.doc, own)).toBe(x.laptop.id)

    // Made everywhere already: a second merge changes nothing and says so.
    const again = await merge(x.b2.id, x.s.links.facilitator.token, {
      from: x.phone.id,
      into: x.laptop.id,
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: 'already_merged' })
  })

  it('[F14.9] a breakout’s own facilitator link merges on that board only; the session’s link then merges the rest', async () => {
    const x = await session()
    const body = { from: x.phone.id, into: x.laptop.id }
    const res = await merge(x.b2.id, x.b2.links.facilitator.token, body)
    expect(res.status).toBe(200)
    expect(MergePeopleAnswer.parse(await res.json())).toMatchObject({ boards: 1 })
    expect(mergedMap(await freshCopy(x.b2.id, x.b2.links.facilitator.token)).size).toBe(1)
    expect(mergedMap(await freshCopy(x.b1.id, x.b1.links.facilitator.token)).size).toBe(0)
    expect(mergedMap(await freshCopy(x.plenary.id, x.plenary.links.facilitator.token)).size).toBe(0)
    // The session's link from breakout 2 itself: merged there already, made on the two others.
    const rest = await merge(x.b2.id, x.s.links.facilitator.token, body)
    expect(rest.status).toBe(200)
    expect(MergePeopleAnswer.parse(await rest.json())).toMatchObject({ boards: 2 })
    expect(mergedMap(await freshCopy(x.b1.id, x.b1.links.facilitator.token)).get(x.phone.id)).toBe(
      x.laptop.id,
    )
  })
})
