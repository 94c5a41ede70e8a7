/**
 * Who changed a note and when [F14.8]: the server records each change of a note's text under the
 * person it knows, a facilitator reads the list and restores an earlier text by writing it.
 */
import {
  API,
  apiPath,
  createNote,
  NoteHistoryAnswer,
  purgeNote,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('change history for facilitators [F14.8]', () => {
  it('[F14.8] records who changed a note’s text and when, refused writes not at all; a facilitator restores an earlier text', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    const [ana, bo] = [await t.person('Ana', 'Guimarães'), await t.person('Bo', 'Umeå')]
    const f = t.client(b.id, b.links.facilitator.token)
    const a = t.client(b.id, b.links.participant.token, ana)
    const m = t.client(b.id, b.links.participant.token, bo)
    await Promise.all([f.synced, a.synced, m.synced])
    const text = () => readBoard(f.doc).notes.find((n) => n.id === 'n')?.text
    const history = async (token: string) => {
      const res = await t.fetch(`${apiPath(API.noteHistory, b.id)}?note=n`, { token })
      return { status: res.status, body: res.status === 200 ? await res.json() : null }
    }

    const t0 = Date.now()
    createNote(a.doc, { id: 'n', text: 'Shared bikes', column: 'what', ...signedBy(ana) })
    await waitFor(() => text() === 'Shared bikes')
    setText(a.doc, 'n', 'Shared bikes in Guimarães')
    await waitFor(() => text() === 'Shared bikes in Guimarães')
    // Bo's modified client rewrites Ana's note: reverted, and not in her note's history.
    setText(m.doc, 'n', 'Umeå was first')
    await waitFor(() => readBoard(m.doc).notes[0]?.text === 'Shared bikes in Guimarães')
    setText(f.doc, 'n', 'Bikes')
    await waitFor(() => readBoard(a.doc).notes[0]?.text === 'Bikes')

    const seen = await history(b.links.facilitator.token)
    expect(seen.status).toBe(200)
    const h = NoteHistoryAnswer.parse(seen.body)
    expect(h.changes.map((c) => [c.name, c.city, c.role, c.personId, c.text])).toEqual([
      ['Ana', 'Guimarães', 'participant', ana.id, 'Shared bikes'],
      ['Ana', 'Guimarães', 'participant', ana.id, 'Shared bikes in Guimarães'],
      ['', '', 'facilitator', expect.stringMatching(/^c-/), 'Bikes'],
    ])
    for (const c of h.changes) expect(c.at).toBeGreaterThanOrEqual(t0)
    // Only a facilitator reads it.
    expect((await history(b.links.participant.token)).status).toBe(404)

    // Restoring is writing the earlier text again; it is recorded like any change.
    setText(f.doc, 'n', h.changes[1]!.text)
    await waitFor(() => readBoard(a.doc).notes[0]?.text === 'Shared bikes in Guimarães')
    const after = NoteHistoryAnswer.parse((await history(b.links.facilitator.token)).body)
    expect(after.changes.map((c) => c.text)).toEqual([
      'Shared bikes',
      'Shared bikes in Guimarães',
      'Bikes',
      'Shared bikes in Guimarães',
    ])
  })

  it('[F14.8] [F13.3] an erasure takes a person’s words out of the history: their notes’, their changes of others’, and purged notes’', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    const [ana, bo, fia] = [
      await t.person('Ana', 'Guimarães'),
      await t.person('Bo', 'Umeå'),
      await t.person('Fia', 'Lahti'),
    ]
    const f = t.client(b.id, b.links.facilitator.token, fia)
    const a = t.client(b.id, b.links.participant.token, ana)
    const m = t.client(b.id, b.links.participant.token, bo)
    await Promise.all([f.synced, a.synced, m.synced])
    const token = b.links.facilitator.token
    const texts = async (note: string) => {
      const res = await t.fetch(`${apiPath(API.noteHistory, b.id)}?note=${note}`, { token })
      return NoteHistoryAnswer.parse(await res.json()).changes.map((c) => [c.name, c.text])
    }
    const erase = async (authorId: string) => {
      const res = await t.fetch(`/api/boards/${b.id}/erase`, {
        method: 'POST',
        token,
        body: JSON.stringify({ authorId }),
      })
      expect(res.status).toBe(200)
    }
    createNote(a.doc, { id: 'a', text: 'Ana’s bikes', column: 'what', ...signedBy(ana) })
    createNote(m.doc, { id: 'b', text: 'Bo’s heat', column: 'what', ...signedBy(bo) })
    createNote(f.doc, { id: 'p', text: 'Fia’s draft', column: 'what', ...signedBy(fia) })
    await waitFor(() => readBoard(f.doc).notes.length === 3)
    setText(a.doc, 'a', 'Ana’s bikes, and then again')
    setText(f.doc, 'b', 'Bo’s heat, as Fia put it')
    await waitFor(
      () =>
        readBoard(a.doc)
          .notes.find((n) => n.id === 'b')
          ?.text.includes('Fia') === true,
    )
    await waitFor(
      () =>
        readBoard(f.doc)
          .notes.find((n) => n.id === 'a')
          ?.text.endsWith('again') === true,
    )
    purgeNote(f.doc, 'p')
    await waitFor(() => readBoard(a.doc).notes.length === 2)
    expect(await texts('a')).toEqual([
      ['Ana', 'Ana’s bikes'],
      ['Ana', 'Ana’s bikes, and then again'],
    ])
    expect(await texts('p')).toEqual([['Fia', 'Fia’s draft']])

    await erase(ana.id)
    expect(await texts('a')).toEqual([])
    // A purged note's words lived in the history until the board's next epoch.
    expect(await texts('p')).toEqual([])
    expect(await texts('b')).toEqual([
      ['Bo', 'Bo’s heat'],
      ['Fia', 'Bo’s heat, as Fia put it'],
    ])
    // Fia's changes of Bo's note go with her; Bo's stay.
    await erase(fia.id)
    expect(await texts('b')).toEqual([['Bo', 'Bo’s heat']])
    // A whole board's erasure (the admin's, retention's) takes it all.
    const all = await t.fetch(`/api/boards/${b.id}/erase`, {
      method: 'POST',
      token: t.server.adminToken,
      body: JSON.stringify({ all: true }),
    })
    expect(all.status).toBe(200)
    expect(await texts('b')).toEqual([])
  })

  it('[F14.8] a note typed key by key is one change in its history, a paste after it another', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    const ana = await t.person('Ana', 'Guimarães')
    const f = t.client(b.id, b.links.facilitator.token)
    const a = t.client(b.id, b.links.participant.token, ana)
    await Promise.all([f.synced, a.synced])
    const onServer = () => readBoard(f.doc).notes.find((n) => n.id === 'n')?.text
    createNote(a.doc, { id: 'n', text: '', column: 'what', ...signedBy(ana) })
    const typed = 'Shared bikes'
    for (let i = 1; i <= typed.length; i++) {
      setText(a.doc, 'n', typed.slice(0, i))
      await waitFor(() => onServer() === typed.slice(0, i))
    }
    setText(a.doc, 'n', `${typed} in Guimarães doubled`)
    await waitFor(() => onServer() === `${typed} in Guimarães doubled`)
    const res = await t.fetch(`${apiPath(API.noteHistory, b.id)}?note=n`, {
      token: b.links.facilitator.token,
    })
    const h = NoteHistoryAnswer.parse(await res.json())
    expect(h.changes.map((c) => [c.name, c.text])).toEqual([
      ['Ana', typed],
      ['Ana', 'Shared bikes in Guimarães doubled'],
    ])
  })
})
