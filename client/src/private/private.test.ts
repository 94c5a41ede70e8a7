import {
  mergedMap,
  NOTE_SIZE,
  readBoard,
  readMeta,
  readPrivateWriting,
  revealPrivateWriting,
  seedBoard,
  startPrivateWriting,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardStore } from '../board/boardStore'
import { addNoteOrDraft } from './addNoteOrDraft'
import { DraftStore, draftStoreFor } from './draftStore'
import { type Draft, draftsKey, newDraftId, parseDrafts } from './drafts'
import { collidingNotes, dueDrafts, settleNotes, writeDrafts } from './reveal'

function newBoard() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Test' })
  return doc
}

const draft = (over: Partial<Draft> = {}): Draft => ({
  id: newDraftId(),
  round: 1,
  column: 'so-what',
  lever: 'finance-funding',
  text: 'Green bonds need a pipeline of projects',
  author: 'Aino',
  city: 'Lahti',
  authorId: 'u-aino',
  createdAt: 1_700_000_000_000,
  ...over,
})

function memoryStorage(): Storage {
  const m = new Map<string, string>()
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size
    },
  }
}

/** Two replicas kept in sync, as two clients of one board are. */
function pair() {
  const a = newBoard()
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(b, u, 'sync'),
  )
  b.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(a, u, 'sync'),
  )
  return { a, b }
}

describe('drafts on the device', () => {
  it('parse what they stored and drop junk and duplicates', () => {
    const d = draft()
    const raw = JSON.stringify([d, { id: 1 }, null, d, { ...draft(), round: 'x' }])
    expect(parseDrafts(raw)).toEqual([d])
    expect(parseDrafts('not json')).toEqual([])
    expect(parseDrafts(null)).toEqual([])
  })

  it('make v4 ids', () => {
    expect(newDraftId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('survive a reload: a second store on the same storage reads them [F8.3]', () => {
    const storage = memoryStorage()
    const one = new DraftStore('b1', storage)
    const d = draft()
    one.add(d)
    one.update(d.id, { text: 'edited' })
    const two = new DraftStore('b1', storage)
    expect(two.list()).toEqual([{ ...d, text: 'edited' }])
    expect(new DraftStore('b2', storage).list()).toEqual([])
    two.remove([d.id])
    expect(storage.getItem(draftsKey('b1'))).toBeNull()
  })

  it('keep drafts in memory when storage refuses a write', () => {
    const storage = memoryStorage()
    storage.setItem = () => {
      throw new Error('quota')
    }
    const s = new DraftStore('b', storage)
    s.add(draft({ id: 'x' }))
    s.add(draft({ id: 'y' }))
    expect(s.saved).toBe(false)
    expect(s.list().map((d) => d.id)).toEqual(['x', 'y'])
  })
})

describe('reveal [F8.3]', () => {
  it('is due once the board shows the draft’s round revealed, or a later round', () => {
    const d1 = draft({ round: 1 })
    const d2 = draft({ round: 2 })
    expect(dueDrafts([d1, d2], { on: true, round: 1 })).toEqual([])
    expect(dueDrafts([d1, d2], { on: false, round: 1 })).toEqual([d1])
    expect(dueDrafts([d1, d2], { on: true, round: 2 })).toEqual([d1])
    expect(dueDrafts([d1, d2], { on: false, round: 2 })).toEqual([d1, d2])
  })

  it('writes each draft once, as the note with the draft’s id, laid out in free slots', () => {
    const doc = newBoard()
    const drafts = [draft(), draft({ text: 'Second' }), draft({ text: '   ' })]
    const r = writeDrafts(doc, drafts)
    expect(r.written).toEqual([drafts[0]!.id, drafts[1]!.id])
    expect(r.done).toEqual(drafts.map((d) => d.id))
    // a replay (crash before clearing, a second tab) writes nothing
    expect(writeDrafts(doc, drafts).written).toEqual([])
    const notes = readBoard(doc).notes
    expect(notes).toHaveLength(2)
    const [n1, n2] = notes.sort((a, b) => a.x - b.x)
    expect(n1!.y).toBe(n2!.y)
    expect(n2!.x - n1!.x).toBeGreaterThanOrEqual(NOTE_SIZE.w)
    expect(notes.map((n) => n.author)).toEqual(['Aino', 'Aino'])
    expect(notes[0]!.createdAt).toBe(drafts[0]!.createdAt)
  })

  it('[F14.9] signs a draft written before its writer was merged into another entry as that person', () => {
    const doc = newBoard()
    mergedMap(doc).set('p-bbbbbbbbbbbbbbbbbbbb', 'p-aaaaaaaaaaaaaaaaaaaa')
    writeDrafts(doc, [draft({ authorId: 'p-bbbbbbbbbbbbbbbbbbbb' }), draft({ text: 'Mine' })])
    const byText = new Map(readBoard(doc).notes.map((n) => [n.text, n.authorId]))
    expect(byText.get(draft().text)).toBe('p-aaaaaaaaaaaaaaaaaaaa')
    expect(byText.get('Mine')).toBe('u-aino')
  })

  it('keeps the words when the column or lever is no longer on the board', () => {
    const doc = newBoard()
    const d = draft({ column: 'gone', lever: 'gone' })
    writeDrafts(doc, [d])
    const n = readBoard(doc).notes[0]!
    expect([n.column, n.lever, n.text]).toEqual([null, null, d.text])
  })

  it('settles two writers revealing at once onto distinct slots, moving only one of each pair', () => {
    const { a, b } = pair()
    // Both write while the other's notes have not arrived: each picks the first free slots.
    const offline = { a: new Y.Doc(), b: new Y.Doc() }
    Y.applyUpdate(offline.a, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(offline.b, Y.encodeStateAsUpdate(b))
    const ra = writeDrafts(offline.a, [draft({ authorId: 'a' }), draft({ authorId: 'a' })])
    const rb = writeDrafts(offline.b, [draft({ authorId: 'b' }), draft({ authorId: 'b' })])
    Y.applyUpdate(a, Y.encodeStateAsUpdate(offline.a))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(offline.b))
    const spots = () => new Set(readBoard(a).notes.map((n) => `${n.x},${n.y}`)).size
    expect(spots()).toBe(2)
    const mineA = new Set(ra.written)
    const mineB = new Set(rb.written)
    for (let round = 0; round < 10 && spots() < 4; round++) {
      settleNotes(a, mineA)
      settleNotes(b, mineB)
    }
    expect(spots()).toBe(4)
    expect(collidingNotes(a, new Set([...mineA, ...mineB]))).toEqual([])
    expect(readBoard(a).notes).toEqual(readBoard(b).notes)
  })
})

describe('addNoteOrDraft', () => {
  const user = { id: 'u-1', name: 'Aino', city: 'Lahti', color: '#000' }
  const ctx = (doc: Y.Doc, role: 'participant' | 'observer' = 'participant') => ({
    doc,
    boardId: `board-${newDraftId()}`,
    user,
    role,
    meta: readMeta(doc),
    store: new BoardStore(doc),
  })

  it('writes a note to the board while private writing is off', () => {
    const doc = newBoard()
    const r = addNoteOrDraft(ctx(doc), { column: 'what', text: 'Hello' })
    expect(r?.kind).toBe('note')
    expect(readBoard(doc).notes[0]).toMatchObject({
      text: 'Hello',
      author: 'Aino',
      authorId: 'u-1',
    })
  })

  it('keeps a draft on the device, outside the document, while it is on [F8.3]', () => {
    const doc = newBoard()
    startPrivateWriting(doc)
    const c = ctx(doc)
    const r = addNoteOrDraft(c, { column: 'so-what', text: 'Secret', lever: 'social-innovation' })
    expect(r?.kind).toBe('draft')
    expect(readBoard(doc).notes).toEqual([])
    expect(draftStoreFor(c.boardId).list()).toMatchObject([
      { id: r!.id, round: readPrivateWriting(doc).round, text: 'Secret', column: 'so-what' },
    ])
    revealPrivateWriting(doc)
    const due = dueDrafts(draftStoreFor(c.boardId).list(), readPrivateWriting(doc))
    writeDrafts(doc, due)
    expect(readBoard(doc).notes.map((n) => n.id)).toEqual([r!.id])
  })

  it('refuses observers', () => {
    expect(addNoteOrDraft(ctx(newBoard(), 'observer'), { column: 'what', text: 'x' })).toBeNull()
  })
})
