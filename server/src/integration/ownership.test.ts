/**
 * Who wrote what is true [F12.8–F12.17, F14]: a real server, real y-websocket clients, and a
 * modified client that writes into the Yjs maps by hand, as a link holder with their own code
 * would. Each refusal is seen three ways: the attacker's own replica is reverted (so the server
 * read the write), a fresh facilitator's copy has none of it, and neither has the harvest.
 */
import {
  CLUSTER,
  clustersMap,
  createNote,
  deleteNote,
  type HarvestNote,
  HarvestSchema,
  harvestNotes,
  NOTE,
  notesMap,
  ROOT,
  readBoard,
  revealPrivateWriting,
  setText,
  setVote,
  setVotes,
  startPrivateWriting,
  votesMap,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeUpdate } from '../protocol/messages'
import { newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { captureUpdate } from '../testing/replicas'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

/** A board with a facilitator, Ana (who writes a note) and Bo (whose client is modified). */
async function board() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 1 })
  const b = s.boards[0]!
  const [ana, bo] = [await t.person('Ana', 'Guimarães'), await t.person('Bo', 'Umeå')]
  const f = t.client(b.id, b.links.facilitator.token)
  const a = t.client(b.id, b.links.participant.token, ana)
  const m = t.client(b.id, b.links.participant.token, bo)
  await Promise.all([f.synced, a.synced, m.synced])
  const note = createNote(a.doc, {
    text: 'Guimarães found shared bikes',
    column: 'what',
    ...signedBy(ana),
  })
  await waitFor(() => notesMap(m.doc).has(note) && notesMap(f.doc).has(note))
  return { b, ana, bo, f: f.doc, a: a.doc, m: m.doc, aClient: a, note }
}

type Board = Awaited<ReturnType<typeof board>>

/** A facilitator's copy made after the fact, from storage and memory as the server holds it. */
async function freshCopy(x: Board): Promise<Y.Doc> {
  const c = t.client(x.b.id, x.b.links.facilitator.token)
  await c.synced
  return c.doc
}

/** The board's harvest as a facilitator downloads it. */
async function harvest(x: Board): Promise<HarvestNote[]> {
  const res = await t.fetch(`/api/boards/${x.b.id}/harvest?format=json`, {
    token: x.b.links.facilitator.token,
  })
  return harvestNotes(HarvestSchema.parse(await res.json()))
}

/** Write on Bo's replica, see it there, then wait until the server reverted it there. */
async function attempt(x: Board, write: (d: Y.Doc) => void, reverted: (d: Y.Doc) => boolean) {
  write(x.m)
  expect(reverted(x.m)).toBe(false)
  await waitFor(() => reverted(x.m), 10_000, 'the server to revert the write on its writer')
}

const note = (d: Y.Doc, id: string) => notesMap(d).get(id) as Y.Map<unknown>

describe('ownership at the server [F12, F14]', () => {
  it('[F12.8] [F12.15] another participant cannot rewrite, re-sign, move, re-tag or delete Ana’s note', async () => {
    const x = await board()
    const original = readBoard(x.f).notes.find((n) => n.id === x.note)!
    const same = (d: Y.Doc) =>
      JSON.stringify(readBoard(d).notes.find((n) => n.id === x.note)) === JSON.stringify(original)
    await attempt(x, (d) => setText(d, x.note, 'Umeå found it first'), same)
    await attempt(
      x,
      (d) =>
        d.transact(() => {
          note(d, x.note).set(NOTE.author, 'Bo')
          note(d, x.note).set(NOTE.authorId, x.bo.id)
          note(d, x.note).set(NOTE.city, 'Umeå')
        }),
      same,
    )
    await attempt(
      x,
      (d) =>
        d.transact(() => {
          note(d, x.note).set(NOTE.x, 9000)
          note(d, x.note).set(NOTE.lever, 'finance-funding')
          note(d, x.note).set(NOTE.column, 'now-what')
        }),
      same,
    )
    await attempt(x, (d) => deleteNote(d, x.note), same)

    const copy = await freshCopy(x)
    expect(readBoard(copy).notes.find((n) => n.id === x.note)).toEqual(original)
    const h = (await harvest(x)).find((n) => n.id === x.note)!
    expect(h).toMatchObject({
      text: 'Guimarães found shared bikes',
      author: 'Ana',
      authorId: x.ana.id,
      city: 'Guimarães',
      column: 'what',
      lever: null,
    })
    // Ana edits her own note; the facilitator edits anyone's.
    setText(x.a, x.note, 'Guimarães found shared bikes cut traffic')
    await waitFor(() => readBoard(x.f).notes[0]?.text.endsWith('cut traffic') === true)
    setText(x.f, x.note, 'Guimarães: shared bikes cut traffic')
    await waitFor(() => readBoard(x.a).notes[0]?.text === 'Guimarães: shared bikes cut traffic')
  })

  it('[F12.15] a note signed with someone else’s id, name or city is refused; one signed as oneself stays', async () => {
    const x = await board()
    const count = (d: Y.Doc) => notesMap(d).size
    await attempt(
      x,
      (d) =>
        createNote(d, { id: 'forged', text: 'Ana said so', column: 'what', ...signedBy(x.ana) }),
      (d) => !notesMap(d).has('forged'),
    )
    await attempt(
      x,
      (d) =>
        createNote(d, {
          id: 'renamed',
          text: 'from Guimarães',
          column: 'what',
          ...signedBy(x.bo),
          city: 'Guimarães',
        }),
      (d) => !notesMap(d).has('renamed'),
    )
    createNote(x.m, { id: 'own', text: 'Umeå: winter cycling', column: 'what', ...signedBy(x.bo) })
    await waitFor(() => notesMap(x.f).has('own'))
    const copy = await freshCopy(x)
    expect(count(copy)).toBe(2)
    const h = await harvest(x)
    expect(h.map((n) => [n.id, n.author, n.city]).sort()).toEqual([
      [x.note, 'Ana', 'Guimarães'],
      ['own', 'Bo', 'Umeå'],
    ])
  })

  it('[F12.9] [F12.17] themes are the facilitators’; no note reaches the board during private writing', async () => {
    const x = await board()
    await attempt(
      x,
      (d) =>
        d.transact(() => {
          const c = new Y.Map<unknown>()
          c.set(CLUSTER.title, 'Bo’s theme')
          clustersMap(d).set('bo-theme', c)
        }),
      (d) => !clustersMap(d).has('bo-theme'),
    )
    startPrivateWriting(x.f)
    await waitFor(
      () => (x.m.getMap(ROOT.board).get('privateWriting') as { on?: boolean })?.on === true,
    )
    await attempt(
      x,
      (d) =>
        createNote(d, {
          id: 'early',
          text: 'before the reveal',
          column: 'what',
          ...signedBy(x.bo),
        }),
      (d) => !notesMap(d).has('early'),
    )
    revealPrivateWriting(x.f)
    await waitFor(
      () => (x.m.getMap(ROOT.board).get('privateWriting') as { on?: boolean })?.on === false,
    )
    createNote(x.m, { id: 'revealed', text: 'after the reveal', column: 'what', ...signedBy(x.bo) })
    await waitFor(() => notesMap(x.f).has('revealed'))
    const copy = await freshCopy(x)
    expect(clustersMap(copy).size).toBe(0)
    expect([...notesMap(copy).keys()].sort()).toEqual([x.note, 'revealed'].sort())
  })

  it('[F12.11] [F12.13] [F12.14] [F12.16] dots count once: own id, whole, within the vote, nobody else’s', async () => {
    const x = await board()
    setVote(x.f, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(x.f, x.note, 'facilitator-voter', 2)
    setVotes(x.a, x.note, x.ana.id, 1)
    await waitFor(() => (votesMap(x.m).get(x.note) as Y.Map<unknown>)?.size === 2)
    const votes = (d: Y.Doc) =>
      JSON.stringify(Object.entries((votesMap(d).get(x.note) as Y.Map<unknown>).toJSON()).sort())
    const before = votes(x.f)
    const unchanged = (d: Y.Doc) => votes(d) === before
    const map = (d: Y.Doc) => votesMap(d).get(x.note) as Y.Map<unknown>
    // 1,000 dots on one note.
    await attempt(x, (d) => map(d).set(x.bo.id, 1000), unchanged)
    // Dots under 50 invented voter ids.
    await attempt(
      x,
      (d) =>
        d.transact(() => {
          for (let i = 0; i < 50; i++) map(d).set(`voter-${i}`, 1)
        }),
      unchanged,
    )
    // Someone else's dots taken away.
    await attempt(x, (d) => map(d).delete('facilitator-voter'), unchanged)
    await attempt(x, (d) => map(d).delete(x.ana.id), unchanged)
    // Half a dot, and a negative count.
    await attempt(x, (d) => map(d).set(x.bo.id, 0.5), unchanged)
    await attempt(x, (d) => map(d).set(x.bo.id, -3), unchanged)
    // A new note whose vote map already holds 10,000 dots.
    await attempt(
      x,
      (d) =>
        d.transact(() => {
          createNote(d, { id: 'stuffed', text: 'vote for me', column: 'what', ...signedBy(x.bo) })
          ;(votesMap(d).get('stuffed') as Y.Map<unknown>).set(x.bo.id, 10_000)
        }),
      // The note may stay; its vote map, made with dots in it, does not.
      (d) => !votesMap(d).has('stuffed'),
    )
    // Within the cap: three dots pass, a fourth does not.
    setVotes(x.m, x.note, x.bo.id, 3)
    await waitFor(() => map(x.f).get(x.bo.id) === 3)
    await attempt(
      x,
      (d) => map(d).set(x.bo.id, 4),
      (d) => map(d).get(x.bo.id) === 3,
    )
    // Closing the vote freezes the totals.
    setVote(x.f, { status: 'closed', dotsPerPerson: 3, round: 1 })
    await waitFor(
      () => (x.m.getMap(ROOT.board).get('vote') as { status?: string })?.status === 'closed',
    )
    await attempt(
      x,
      (d) => map(d).delete(x.bo.id),
      (d) => map(d).get(x.bo.id) === 3,
    )

    const copy = await freshCopy(x)
    expect(map(copy).toJSON()).toEqual({ 'facilitator-voter': 2, [x.ana.id]: 1, [x.bo.id]: 3 })
    expect(votesMap(copy).has('stuffed')).toBe(false)
    expect((await harvest(x)).find((n) => n.id === x.note)?.votes).toBe(6)
  })

  it('[F14.2] a device that reconnects with its credential keeps editing its own notes', async () => {
    const x = await board()
    const again = t.client(x.b.id, x.b.links.participant.token, x.ana)
    await again.synced
    setText(again.doc, x.note, 'edited after a reload')
    await waitFor(() => readBoard(x.f).notes[0]?.text === 'edited after a reload')
    const copy = await freshCopy(x)
    expect(readBoard(copy).notes[0]?.text).toBe('edited after a reload')
  })

  it('[F14.3] a client with only the link is a person of its own: it owns what it makes on that connection, nothing more', async () => {
    const x = await board()
    const bot = t.client(x.b.id, x.b.links.participant.token)
    await bot.synced
    createNote(bot.doc, {
      id: 'bot',
      text: 'imported',
      column: 'what',
      author: 'Bot',
      authorId: 'u-bot',
    })
    setText(bot.doc, 'bot', 'imported and edited')
    await waitFor(() => readBoard(x.f).notes.some((n) => n.text === 'imported and edited'))
    // Not Ana's note, and not a second author on the same connection.
    const bad = async (write: (d: Y.Doc) => void, back: (d: Y.Doc) => boolean) => {
      write(bot.doc)
      await waitFor(() => back(bot.doc), 10_000, 'the server to revert the bot’s write')
    }
    await bad(
      (d) => setText(d, x.note, 'bot was here'),
      (d) =>
        readBoard(d).notes.find((n) => n.id === x.note)?.text === 'Guimarães found shared bikes',
    )
    await bad(
      (d) => createNote(d, { id: 'other', text: 'as Ana', column: 'what', ...signedBy(x.ana) }),
      (d) => !notesMap(d).has('other'),
    )
    // Another connection with only the link cannot become the bot's author, nor edit its note.
    const other = t.client(x.b.id, x.b.links.participant.token)
    await other.synced
    createNote(other.doc, {
      id: 'squat',
      text: 'me too',
      column: 'what',
      author: 'Bot',
      authorId: 'u-bot',
    })
    await waitFor(() => !notesMap(other.doc).has('squat'), 10_000, 'the squatter’s note to go')
    setText(other.doc, 'bot', 'taken over')
    await waitFor(
      () => readBoard(other.doc).notes.find((n) => n.id === 'bot')?.text === 'imported and edited',
    )
    const copy = await freshCopy(x)
    expect(
      readBoard(copy)
        .notes.map((n) => [n.id, n.text])
        .sort(),
    ).toEqual(
      [
        ['bot', 'imported and edited'],
        [x.note, 'Guimarães found shared bikes'],
      ].sort(),
    )
  })

  it('[F14.7] nobody writes under another person’s client id: a note at Ana’s next clocks is refused whole, and her offline edit still lands', async () => {
    const x = await board()
    // Ana's device goes offline and edits her note: those clocks of her client id are unsent.
    x.aClient.provider.disconnect()
    setText(x.a, x.note, 'Guimarães found shared bikes, and kept them')
    // Bo's modified client writes a note of his own (the role check allows it: he signs it)
    // under Ana's client id, at the clocks her device holds unsent.
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(x.f))
    // Set after the board is read in: Yjs picks a new id when a remote change names its own.
    forged.clientID = x.a.clientID
    const update = captureUpdate(forged, (d) =>
      createNote(d, { id: 'forged', text: 'at Ana’s clocks', column: 'what', ...signedBy(x.bo) }),
    )
    const raw = t.raw(x.b.id, x.b.links.participant.token, x.bo)
    await raw.opened
    raw.send(encodeUpdate(update))
    expect((await raw.closed).code).toBe(4422)
    expect(t.server.metrics.rejected.get('foreign-client')).toBe(1)
    // Ana comes back: her edit applies, everywhere.
    x.aClient.provider.connect()
    await waitFor(
      () =>
        readBoard(x.f)
          .notes.find((n) => n.id === x.note)
          ?.text.endsWith('kept them') === true,
      10_000,
      'Ana’s offline edit to reach the facilitator',
    )
    const copy = await freshCopy(x)
    expect(notesMap(copy).has('forged')).toBe(false)
    expect(readBoard(copy).notes.map((n) => n.text)).toEqual([
      'Guimarães found shared bikes, and kept them',
    ])
    const h = await harvest(x)
    expect(h.map((n) => [n.text, n.author])).toEqual([
      ['Guimarães found shared bikes, and kept them', 'Ana'],
    ])
    // Bo's own device, with its own client id, still writes.
    createNote(x.m, { id: 'bos', text: 'Umeå too', column: 'what', ...signedBy(x.bo) })
    await waitFor(() => notesMap(x.f).has('bos'))
  })

  it('[F14.7] the same person’s next connection continues under an id her last one wrote; a connection without a credential may not', async () => {
    const x = await board()
    // Ana's tab goes away; what comes back under her id is a connection of hers, or not.
    x.aClient.provider.disconnect()
    const update = (id: string) => {
      const d = new Y.Doc()
      Y.applyUpdate(d, Y.encodeStateAsUpdate(x.f))
      d.clientID = x.a.clientID
      return captureUpdate(d, (doc) =>
        createNote(doc, { id, text: id, column: 'so-what', ...signedBy(x.ana) }),
      )
    }
    const stranger = t.raw(x.b.id, x.b.links.participant.token)
    await stranger.opened
    stranger.send(encodeUpdate(update('stranger')))
    expect((await stranger.closed).code).toBe(4422)
    const same = t.raw(x.b.id, x.b.links.participant.token, x.ana)
    await same.opened
    same.send(encodeUpdate(update('second-device')))
    await waitFor(() => notesMap(x.f).has('second-device'))
    expect(notesMap(x.f).has('stranger')).toBe(false)
    expect(same.ws.readyState).toBe(same.ws.OPEN)
  })

  it('[F14.3] a client with only the link may make notes that name nobody: it edits them while connected, nobody else does, and a name without an id is refused', async () => {
    const x = await board()
    const bot = t.client(x.b.id, x.b.links.participant.token)
    await bot.synced
    createNote(bot.doc, { id: 'plain', text: 'a note naming nobody', column: 'what' })
    setText(bot.doc, 'plain', 'a note naming nobody, edited')
    await waitFor(() => readBoard(x.f).notes.some((n) => n.text === 'a note naming nobody, edited'))
    // Ana's name without her id is still a claim to be her.
    createNote(bot.doc, { id: 'as-ana', text: 'by Ana?', column: 'what', author: 'Ana' })
    await waitFor(() => !notesMap(bot.doc).has('as-ana'), 10_000, 'the unsigned name to go')
    // Bo cannot edit the bot's note.
    await attempt(
      x,
      (d) => setText(d, 'plain', 'Bo was here'),
      (d) =>
        readBoard(d).notes.find((n) => n.id === 'plain')?.text === 'a note naming nobody, edited',
    )
    const copy = await freshCopy(x)
    const plain = readBoard(copy).notes.find((n) => n.id === 'plain')
    expect(plain).toMatchObject({ text: 'a note naming nobody, edited', author: '', authorId: '' })
    expect(notesMap(copy).has('as-ana')).toBe(false)
    expect((await harvest(x)).map((n) => n.text).sort()).toEqual([
      'Guimarães found shared bikes',
      'a note naming nobody, edited',
    ])
  })
})
