/**
 * A person's own data on the real server [F13.8, F13.9]: the download holds exactly their notes,
 * and their erasure takes only theirs, for the author the request's key proves, never for an
 * id it names.
 */
import { getRandomValues } from 'node:crypto'
import {
  authorIdFromKey,
  CLOSE,
  createNote,
  newAuthorKey,
  type OwnData,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const key = () => newAuthorKey((b) => getRandomValues(b))

describe("a person's own data [F13.8]", () => {
  it('[F13.8, R4] the download holds exactly the notes of the key’s author; the erasure takes only those', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const token = board.links.participant.token
    const [mine, theirs] = [key(), key()]
    const me = { author: 'Léa', city: 'Nantes', authorId: authorIdFromKey(mine) }
    const other = { author: 'Aino', city: 'Lahti', authorId: authorIdFromKey(theirs) }
    const a = t.client(board.id, token)
    const b = t.client(board.id, token)
    await Promise.all([a.synced, b.synced])
    const myIds = ['one', 'two', 'three'].map((text) =>
      createNote(a.doc, { text: `mine ${text}`, column: 'what', ...me }),
    )
    const otherId = createNote(b.doc, { text: 'not mine', column: 'what', ...other })
    await converge(
      [a.doc, b.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 4,
    )

    const get = (k: string | null, tok = token) =>
      t.fetch(`/api/boards/${board.id}/mine`, {
        token: tok,
        headers: k ? { 'x-author-key': k } : {},
      })
    const res = await get(mine)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="my-notes-/)
    const data = (await res.json()) as OwnData
    expect(data.authorId).toBe(me.authorId)
    expect(data.notes.map((n) => n.id).sort()).toEqual([...myIds].sort())
    expect(JSON.stringify(data)).not.toContain('not mine')
    // The changes the server recorded under the author id the device wrote as, and no other.
    expect(data.changes.map((c) => [c.noteId, c.text]).sort()).toEqual(
      myIds.map((id, i) => [id, `mine ${['one', 'two', 'three'][i]}`]).sort(),
    )
    expect(JSON.stringify(data)).not.toContain('Aino')
    // No key, a malformed key, or no valid link: refused.
    expect((await get(null)).status).toBe(400)
    expect((await get('not-a-key')).status).toBe(400)
    expect((await get(mine, 'wrong-token')).status).toBe(404)
    // Naming an author id does not speak for them: only the key does.
    const claim = await t.fetch(`/api/boards/${board.id}/mine`, {
      token,
      headers: { 'x-author-key': key(), 'x-author-id': other.authorId },
    })
    expect(((await claim.json()) as OwnData).notes).toEqual([])

    const erase = (k: string) =>
      t.fetch(`/api/boards/${board.id}/mine/erase`, {
        method: 'POST',
        token,
        headers: { 'x-author-key': k },
      })
    const r = await erase(mine)
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ erased: true, notes: 3 })
    expect((await a.closedForGood).code).toBe(CLOSE.rebased.code)
    const fresh = t.client(board.id, token)
    await fresh.synced
    expect(readBoard(fresh.doc).notes.map((n) => n.id)).toEqual([otherId])
    // Nothing of theirs left: a second erasure erases nothing and is not held back.
    expect(await (await erase(mine)).json()).toMatchObject({ erased: false, notes: 0 })
    // Someone else's erasure right after is held back a little: each one reconnects everyone.
    const soon = await erase(theirs)
    expect(soon.status).toBe(429)
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('[F13.9, F14.1] a person the server knows proves their notes with the credential, not a key', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const token = board.links.participant.token
    const [lea, aino] = [await t.person('Léa', 'Nantes'), await t.person('Aino', 'Lahti')]
    const a = t.client(board.id, token, lea)
    const b = t.client(board.id, token, aino)
    await Promise.all([a.synced, b.synced])
    const as = (p: typeof lea) => ({ author: p.name, city: p.city, authorId: p.id })
    const leaNote = createNote(a.doc, { text: 'Léa’s words', column: 'what', ...as(lea) })
    createNote(b.doc, { text: 'Aino’s words', column: 'what', ...as(aino) })
    await converge(
      [a.doc, b.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 2,
    )
    setText(a.doc, leaNote, 'Léa’s words, and a second thought')
    await converge(
      [b.doc],
      (d) => readBoard(d).notes.find((n) => n.id === leaNote)?.text,
      (text) => text === 'Léa’s words, and a second thought',
    )
    const mine = (headers: Record<string, string>) =>
      t.fetch(`/api/boards/${board.id}/mine`, { token, headers })

    const res = await mine({ 'x-person': lea.credential })
    expect(res.status).toBe(200)
    const data = (await res.json()) as OwnData
    expect(data.authorId).toBe(lea.id)
    expect(data.notes.map((n) => n.id)).toEqual([leaNote])
    // The changes the server recorded as hers, as the note's history has them, and no one else's.
    expect(data.changes.map((c) => [c.noteId, c.role, c.text])).toEqual([
      [leaNote, 'participant', 'Léa’s words'],
      [leaNote, 'participant', 'Léa’s words, and a second thought'],
    ])
    expect(JSON.stringify(data)).not.toContain('Aino')
    // A credential the server did not sign proves nothing, and a device key is no person id.
    const forged = `${lea.credential.slice(0, -2)}xx`
    expect((await mine({ 'x-person': forged })).status).toBe(400)
    const k = key()
    const other = (await (await mine({ 'x-person': forged, 'x-author-key': k })).json()) as OwnData
    expect(other.authorId).toBe(authorIdFromKey(k))
    expect(other.notes).toEqual([])
    expect(other.changes).toEqual([])

    const erased = await t.fetch(`/api/boards/${board.id}/mine/erase`, {
      token,
      method: 'POST',
      headers: { 'x-person': aino.credential },
    })
    expect(await erased.json()).toMatchObject({ erased: true, notes: 1 })
    const check = t.client(board.id, board.links.observer.token)
    await converge(
      [check.doc],
      (d) => readBoard(d).notes.map((n) => n.text),
      (texts) => texts.length === 1 && texts[0] === 'Léa’s words, and a second thought',
    )
  })
})
