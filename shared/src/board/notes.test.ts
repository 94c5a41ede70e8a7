import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NOTE } from '../schema/keys'
import { fakeClock, newBoard, replica } from '../testing/board'
import { BoardError } from './errors'
import { columnRegion, isInside } from './layout'
import {
  createNote,
  deleteNote,
  editText,
  moveNotes,
  noteText,
  purgeNote,
  restoreNote,
  setColumn,
  setLever,
  setText,
} from './notes'
import { notesMap, readBoard, readMeta } from './read'
import { MAX_NOTE_TEXT } from './text'
import { setVotes } from './votes'

const note = (doc: Y.Doc, id: string) => readBoard(doc).notes.find((n) => n.id === id)

describe('note writers', () => {
  it('[F3.1] createNote writes every field of a note', () => {
    const doc = newBoard()
    const now = fakeClock()
    const id = createNote(
      doc,
      {
        text: 'Bike lanes doubled',
        column: 'what',
        lever: 'technology-infrastructure',
        city: 'Lahti',
        author: 'Aino',
        authorId: 'u1',
      },
      { now },
    )
    const m = notesMap(doc).get(id)!
    expect(m.get(NOTE.text)).toBeInstanceOf(Y.Text)
    expect(note(doc, id)).toMatchObject({
      text: 'Bike lanes doubled',
      column: 'what',
      lever: 'technology-infrastructure',
      city: 'Lahti',
      author: 'Aino',
      authorId: 'u1',
      clusterId: null,
      deletedAt: null,
      createdAt: Date.UTC(2026, 0, 15, 9, 0, 0),
      updatedAt: Date.UTC(2026, 0, 15, 9, 0, 0),
    })
  })

  it.each([
    ['exactly the cap', 'a'.repeat(MAX_NOTE_TEXT), MAX_NOTE_TEXT],
    ['over the cap', 'b'.repeat(MAX_NOTE_TEXT + 50), MAX_NOTE_TEXT],
    ['a surrogate pair across the cap', `${'c'.repeat(MAX_NOTE_TEXT - 1)}😀`, MAX_NOTE_TEXT - 1],
  ])('[F3.3] createNote caps text: %s', (_name, text, expected) => {
    const doc = newBoard()
    const id = createNote(doc, { text, column: 'what' })
    expect(noteText(doc, id).length).toBe(expected)
  })

  it('[F3.3] editText never grows text past the cap, and reports what it inserted', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x'.repeat(MAX_NOTE_TEXT - 3), column: 'what' })
    expect(editText(doc, id, { index: 0, insert: 'abcdef' })).toBe(3)
    expect(noteText(doc, id).toString().startsWith('abc')).toBe(true)
    expect(noteText(doc, id).length).toBe(MAX_NOTE_TEXT)
  })

  it('[F3.3] readers accept text longer than the cap (concurrent typing)', () => {
    const a = newBoard()
    const id = createNote(a, { text: 'y'.repeat(MAX_NOTE_TEXT - 10), column: 'what' })
    const b = replica(a)
    editText(a, id, { index: 0, insert: 'A'.repeat(10) })
    editText(b, id, { index: 0, insert: 'B'.repeat(10) })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(note(a, id)!.text.length).toBe(MAX_NOTE_TEXT + 10)
  })

  it('[F3.4] setText writes the smallest splice, so concurrent typing merges', () => {
    const a = newBoard()
    const id = createNote(a, { text: 'Solar roofs', column: 'what' })
    const b = replica(a)
    setText(a, id, 'Solar roofs on schools')
    setText(b, id, 'Community solar roofs')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(note(a, id)!.text).toBe('Community solar roofs on schools')
    expect(note(b, id)!.text).toBe(note(a, id)!.text)
  })

  it('[F3.2] two people changing different fields of one note both win', () => {
    const a = newBoard()
    const id = createNote(a, { text: 't', column: 'what' })
    const b = replica(a)
    setLever(a, id, 'finance-funding')
    moveNotes(b, [{ id, x: 300, y: 400 }])
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(note(a, id)).toMatchObject({ lever: 'finance-funding', x: 300, y: 400 })
  })

  it('[F3.6] deleteNote is soft and restoreNote undoes it', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'keep me', column: 'so-what' })
    deleteNote(doc, id, { now: () => 42 })
    expect(note(doc, id)!.deletedAt).toBe(42)
    restoreNote(doc, id)
    expect(note(doc, id)!.deletedAt).toBeNull()
    expect(note(doc, id)!.text).toBe('keep me')
  })

  it('[F3.7] purgeNote removes the note and its votes', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'gone', column: 'so-what' })
    setVotes(doc, id, 'v1', 2)
    purgeNote(doc, id)
    const b = readBoard(doc)
    expect(b.notes).toHaveLength(0)
    expect(b.votes.has(id)).toBe(false)
  })

  it('[F3.8] every writer sets updatedAt', () => {
    const doc = newBoard()
    const now = fakeClock(1000, 1000)
    const id = createNote(doc, { text: 'a', column: 'what' }, { now })
    const writes: Array<() => void> = [
      () => setText(doc, id, 'ab', { now }),
      () => setLever(doc, id, 'governance-policy', { now }),
      () => moveNotes(doc, [{ id, x: 100, y: 300 }], { now }),
      () => setColumn(doc, id, 'now-what', { now }),
      () => deleteNote(doc, id, { now }),
      () => restoreNote(doc, id, { now }),
    ]
    let last = note(doc, id)!.updatedAt
    for (const write of writes) {
      write()
      const next = note(doc, id)!.updatedAt
      expect(next).toBeGreaterThan(last)
      last = next
    }
  })

  it.each([
    [
      'an unknown column',
      () => createNote(newBoard(), { text: 'x', column: 'nope' }),
      'unknown-column',
    ],
    [
      'an unknown lever',
      () => createNote(newBoard(), { text: 'x', column: 'what', lever: 'magic' }),
      'unknown-lever',
    ],
    ['an unknown note', () => setLever(newBoard(), 'missing', null), 'unknown-note'],
    [
      'a bad column on setColumn',
      () => {
        const d = newBoard()
        setColumn(d, createNote(d, { column: 'what' }), 'later')
      },
      'unknown-column',
    ],
  ])('[F6.3] writers throw a BoardError for %s', (_name, write, code) => {
    expect(write).toThrow(BoardError)
    try {
      write()
    } catch (e) {
      expect((e as BoardError).code).toBe(code)
    }
  })

  it('[F6.1] each writer runs in one transaction with the caller origin', () => {
    const doc = newBoard()
    const origin = { view: 'canvas' }
    const seen: unknown[] = []
    doc.on('afterTransaction', (tr) => seen.push(tr.origin))
    const id = createNote(doc, { text: 'x', column: 'what' }, { origin })
    setLever(doc, id, 'social-innovation', { origin })
    expect(seen).toEqual([origin, origin])
  })

  it('[F6.2] moveNotes moves many notes in one transaction and skips unknown ids', () => {
    const doc = newBoard()
    const ids = [1, 2, 3].map((i) => createNote(doc, { text: `n${i}`, column: 'what' }))
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    moveNotes(doc, [
      ...ids.map((id, i) => ({ id, x: 100 + i, y: 500 })),
      { id: 'nope', x: 1, y: 1 },
    ])
    expect(transactions).toBe(1)
    expect(
      readBoard(doc)
        .notes.map((n) => n.x)
        .sort(),
    ).toEqual([100, 101, 102])
  })

  it('[F7.1] setColumn places the note inside the new column region', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'what' })
    setColumn(doc, id, 'now-what')
    const n = note(doc, id)!
    expect(n.column).toBe('now-what')
    expect(isInside(columnRegion(readMeta(doc).columns, 'now-what'), n.x, n.y)).toBe(true)
  })

  it('[F7.4] notes placed without a position do not pile on one spot', () => {
    const doc = newBoard()
    const ids = Array.from({ length: 12 }, () => createNote(doc, { text: 'x', column: 'so-what' }))
    const spots = new Set(ids.map((id) => `${note(doc, id)!.x},${note(doc, id)!.y}`))
    expect(spots.size).toBe(12)
    const region = columnRegion(readMeta(doc).columns, 'so-what')
    for (const id of ids) expect(isInside(region, note(doc, id)!.x, note(doc, id)!.y)).toBe(true)
  })

  it('[F7.1] createNote with a position outside its column moves it inside', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'what', x: 99_999, y: -50 })
    const n = note(doc, id)!
    expect(isInside(columnRegion(readMeta(doc).columns, 'what'), n.x, n.y)).toBe(true)
  })
})
