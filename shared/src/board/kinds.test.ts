import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BOARD, NOTE } from '../schema/keys'
import { RETRO_TEMPLATE, W3_TEMPLATE } from '../schema/template'
import { fakeClock, newBoard, replica } from '../testing/board'
import { BOARD_ERROR, BoardError } from './errors'
import { createNote, moveNotes, setColumn, setKind } from './notes'
import { boardMap, kindsOf, notesMap, readBoard, readMeta } from './read'

const note = (doc: Y.Doc, id: string) => readBoard(doc).notes.find((n) => n.id === id)!

/** The error a call throws, or null. */
function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return null
}

describe('note kinds', () => {
  it('[F2.8] the W³ template offers the pinned kind ids per column', () => {
    const doc = newBoard()
    const ids = (column: string) => kindsOf(readMeta(doc), column).map((k) => k.id)
    expect(ids('what')).toEqual(['early-outcome', 'strategic-learning'])
    expect(ids('so-what')).toEqual(['challenge', 'insight', 'possibility', 'blind-spot'])
    expect(ids('now-what')).toEqual(['idea', 'synergy', 'revised-action', 'risk-or-need'])
    expect(kindsOf(readMeta(doc), null)).toEqual([])
  })

  it('[F2.8] a board seeded before kinds (columns without them) reads unchanged, with no kinds', () => {
    const doc = newBoard()
    const old = W3_TEMPLATE.columns.map(({ kinds: _k, heading: _h, ...c }) => c)
    boardMap(doc).set(BOARD.columns, old)
    const meta = readMeta(doc)
    expect(meta.columns).toEqual(old)
    expect(meta.columns.every((c) => !('kinds' in c))).toBe(true)
    const id = createNote(doc, { text: 'An old board', column: 'what' })
    expect(note(doc, id).kind).toBeNull()
    expect(() => setKind(doc, id, 'early-outcome')).toThrow(BoardError)
  })

  it('[F2.8] another template without kinds reads as it did', () => {
    const doc = newBoard({ template: RETRO_TEMPLATE })
    expect(readMeta(doc).columns).toEqual(RETRO_TEMPLATE.columns)
    const id = createNote(doc, { text: 'Pairing', column: 'went-well' })
    expect(note(doc, id).kind).toBeNull()
  })

  it('[F2.8] malformed kind entries are skipped, a missing title reads as the id, duplicates once', () => {
    const doc = newBoard()
    boardMap(doc).set(BOARD.columns, [
      {
        id: 'what',
        title: 'What?',
        prompt: '',
        order: 0,
        kinds: [
          { id: 'a' },
          'junk',
          null,
          { title: 'no id' },
          { id: 'a', title: 'again' },
          { id: 'b', title: 'B' },
        ],
      },
      { id: 'so-what', title: 'So What?', prompt: '', order: 1, kinds: 'not an array' },
    ])
    const meta = readMeta(doc)
    expect(kindsOf(meta, 'what')).toEqual([
      { id: 'a', title: 'a' },
      { id: 'b', title: 'B' },
    ])
    expect(kindsOf(meta, 'so-what')).toEqual([])
  })

  it('[F2.9] W³ columns carry the report headings; a column without one has none', () => {
    const meta = readMeta(newBoard())
    expect(meta.columns.map((c) => c.heading)).toEqual([
      'Looking back (What?) – early outcomes and strategic learnings',
      'Emerging patterns (So What?) – common challenges, insights and aha moments, possibilities, blind spots',
      'Looking ahead (Now What?) – ideas, synergies, revised actions or outcomes, risks or needs',
    ])
    expect(readMeta(newBoard({ template: RETRO_TEMPLATE })).columns[0]!.heading).toBeUndefined()
  })

  it('[F3.9] setKind sets and clears a kind of the note column, with updatedAt, in one transaction', () => {
    const doc = newBoard()
    const now = fakeClock()
    const id = createNote(doc, { text: 'Health moves people', column: 'so-what' }, { now })
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    setKind(doc, id, 'insight', { now, origin: 'me' })
    expect(transactions).toBe(1)
    expect(note(doc, id)).toMatchObject({
      kind: 'insight',
      updatedAt: Date.UTC(2026, 0, 15, 9, 0, 1),
    })
    setKind(doc, id, null, { now })
    expect(note(doc, id).kind).toBeNull()
  })

  it('[F3.9] [F6.3] a kind of another column, or of no column, is refused before anything is written', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'what' })
    const before = Y.encodeStateVector(doc)
    for (const kind of ['idea', 'no-such-kind']) {
      const e = thrown(() => setKind(doc, id, kind))
      expect(e).toBeInstanceOf(BoardError)
      expect((e as BoardError).code).toBe(BOARD_ERROR.unknownKind)
    }
    expect(Y.encodeStateVector(doc)).toEqual(before)
    const parked = createNote(doc, { text: 'parked', column: null })
    expect(() => setKind(doc, parked, 'idea')).toThrow(/parking lot/)
    expect(() => createNote(doc, { text: 'y', column: 'what', kind: 'idea' })).toThrow(BoardError)
    expect(() => setKind(doc, 'nope', null)).toThrow(/Unknown note/)
  })

  it('[F3.9] createNote writes the kind, or null', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'now-what', kind: 'synergy' })
    const b = createNote(doc, { text: 'b', column: 'now-what' })
    expect(notesMap(doc).get(a)!.get(NOTE.kind)).toBe('synergy')
    expect(notesMap(doc).get(b)!.get(NOTE.kind)).toBeNull()
  })

  it('[F3.9] a moved note keeps its kind: null (unreported) elsewhere, back when it returns', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'Procurement', column: 'now-what', kind: 'idea' })
    setColumn(doc, id, 'so-what')
    expect(note(doc, id).kind).toBeNull()
    expect(readBoard(doc).invalid).toEqual([])
    moveNotes(doc, [{ id, x: 2900, y: 400, column: 'now-what' }])
    expect(note(doc, id).kind).toBe('idea')
  })

  it('[F3.9] [F9.2] an unknown kind or one of the wrong type reads as null and is reported; the note is kept', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'what' })
    const b = createNote(doc, { text: 'b', column: 'what' })
    notesMap(doc).get(a)!.set(NOTE.kind, 'made-up')
    notesMap(doc).get(b)!.set(NOTE.kind, 42)
    const board = readBoard(doc)
    expect(board.notes.map((n) => n.kind)).toEqual([null, null])
    expect(board.notes.map((n) => n.text).sort()).toEqual(['a', 'b'])
    const reasons = Object.fromEntries(board.invalid.map((e) => [e.id, e.reason]))
    expect(reasons[a]).toBe('unknown kind "made-up", read as none')
    expect(reasons[b]).toBe('kind is not a string, read as none')
  })

  it('[F3.2] a kind and a lever set at once by two people both win', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'so-what' })
    const other = replica(doc)
    setKind(doc, id, 'blind-spot')
    notesMap(other).get(id)!.set(NOTE.lever, 'finance-funding')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    for (const d of [doc, other]) {
      expect(note(d, id)).toMatchObject({ kind: 'blind-spot', lever: 'finance-funding' })
    }
  })
})
