/**
 * Note kinds and provenance through the real server [F3.9, F11]: real y-websocket clients on
 * port 0. A participant sets a note's kind as they set its lever; a participant cannot forge
 * where a note came from (the change is reverted on every replica); a facilitator's send passes.
 */
import {
  createNote,
  NOTE,
  notesMap,
  readBoard,
  SEND_OUTCOME,
  seedBoard,
  sendToBoard,
  setKind,
  setLever,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { converge, newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const view = (d: Y.Doc) =>
  readBoard(d)
    .notes.map((n) => [n.id, n.text, n.lever, n.kind, n.source?.boardId ?? null])
    .sort()

async function board() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 2 })
  const [b, other] = [s.boards[0]!, s.boards[1]!]
  const me = await t.person('Maja', 'Malmö')
  const f = t.client(b.id, b.links.facilitator.token)
  const p = t.client(b.id, b.links.participant.token, me)
  const o = t.client(b.id, b.links.observer.token)
  await Promise.all([f.synced, p.synced, o.synced])
  return {
    me,
    boardId: b.id,
    otherId: other.id,
    f: f.doc,
    p: p.doc,
    o: o.doc,
    docs: [f.doc, p.doc, o.doc],
  }
}

describe('kinds and provenance at the server', () => {
  it('[F3.9] a participant sets and clears the kind of a note, as they set its lever', async () => {
    const { p, docs, me } = await board()
    const id = createNote(p, { text: 'Wellbeing moves people', column: 'so-what', ...signedBy(me) })
    setKind(p, id, 'insight')
    setLever(p, id, 'social-innovation')
    await converge(docs, view, (v) => v[0]?.[3] === 'insight' && v[0]?.[2] === 'social-innovation')
    setKind(p, id, null)
    await converge(docs, view, (v) => v[0]?.[3] === null)
    for (const d of docs) expect(readBoard(d).notes[0]!.kind).toBeNull()
  })

  it('[F3.9, G1] an observer setting a kind is refused unapplied: it reaches nobody', async () => {
    const { f, p, o } = await board()
    const id = createNote(f, { text: 'Data gaps', column: 'so-what' })
    await converge([f, p, o], view, (v) => v.length === 1)
    setKind(o, id, 'blind-spot')
    await waitFor(() => (t.server.metrics.rejected.get('observer-write') ?? 0) >= 1)
    // A facilitator's edit afterwards reaches everyone, the observer included; the observer's
    // kind stays on its own device only.
    setText(f, id, 'Data gaps in the north')
    await converge(
      [f, p, o],
      (d) => readBoard(d).notes[0]!.text,
      (v) => v.endsWith('north'),
    )
    for (const d of [f, p]) expect(readBoard(d).notes[0]!.kind).toBeNull()
  })

  it('[F11.8] a participant forging a source, on a new note or an existing one, is reverted everywhere', async () => {
    const { f, p, docs, me } = await board()
    const mine = createNote(p, { text: 'my own words', column: 'what', ...signedBy(me) })
    await converge(docs, view, (v) => v.length === 1)
    const forged = { boardId: 'room-x', boardName: 'Room X', noteId: 'n-x' }
    notesMap(p).get(mine)!.set(NOTE.source, forged)
    p.transact(() => {
      const m = new Y.Map<unknown>()
      m.set(NOTE.text, new Y.Text('claims to come from elsewhere'))
      m.set(NOTE.column, 'what')
      m.set(NOTE.x, 40)
      m.set(NOTE.y, 200)
      m.set(NOTE.createdAt, 1)
      m.set(NOTE.source, forged)
      notesMap(p).set('n-forged', m)
    })
    // A facilitator's note afterwards, so convergence means the forgeries were handled.
    createNote(f, { text: 'after', column: 'now-what' })
    await converge(docs, view, (v) => v.some((n) => n[1] === 'after'))
    for (const d of docs) {
      const notes = readBoard(d).notes
      expect(notes.map((n) => n.text).sort()).toEqual(['after', 'my own words'])
      expect(notes.every((n) => n.source === null)).toBe(true)
    }
  })

  it('[F11.5] a copy a facilitator sends in keeps its source on every replica, and a participant may edit its words', async () => {
    const { boardId, otherId, f, p, docs, me } = await board()
    const room = new Y.Doc()
    seedBoard(room, { title: 'Room B' })
    const src = createNote(room, {
      text: 'Shared procurement',
      column: 'now-what',
      kind: 'idea',
      // Maja wrote it in room B: her copy is hers to edit [F12.8].
      ...signedBy(me),
    })
    const r = sendToBoard({ doc: f, boardId }, { doc: room, boardId: otherId }, { notes: [src] })
    expect(r.notes[0]!.outcome).toBe(SEND_OUTCOME.sent)
    await converge(docs, view, (v) => v.length === 1)
    const copyId = r.notes[0]!.copyId!
    setText(p, copyId, 'Shared procurement across cities')
    await converge(docs, view, (v) => v[0]?.[1] === 'Shared procurement across cities')
    for (const d of docs) {
      expect(readBoard(d).notes[0]).toMatchObject({
        kind: 'idea',
        city: 'Malmö',
        source: { boardId: otherId, boardName: 'Room B', noteId: src },
      })
    }
  })
})
