import { createNote, notesMap, setText } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryStorage } from '../storage/memoryStorage'
import type { PeopleRecord } from '../storage/types'
import {
  type HistoryLimits,
  isTyping,
  NoteHistory,
  notesTouched,
  TYPING_MS,
  type Writer,
} from './noteHistory'

const ANA = { personId: 'p-a', name: 'Ana', city: 'Guimarães', role: 'participant' as const }

/**
 * A board's history over memory storage, each write's records stored as its turn would; writes
 * are `step` ms apart (by default further apart than one spell of typing).
 */
function board(storage: MemoryStorage, doc: Y.Doc, limits: HistoryLimits, step = TYPING_MS + 1) {
  const history = new NoteHistory(
    'b1',
    {
      spans: () => storage.readHistorySpans('b1'),
      save: (r: PeopleRecord) => storage.appendTurn([], [r]),
    },
    limits,
  )
  let at = 0
  return (f: () => void, who: Writer = ANA) => {
    history.prepare(doc)
    const touched = new Set<string>()
    const watch = (tr: Y.Transaction) => notesTouched(doc, tr, touched)
    doc.on('afterTransaction', watch)
    try {
      f()
    } finally {
      doc.off('afterTransaction', watch)
    }
    at += step
    history.record(doc, touched, who, at)
  }
}

const texts = (s: MemoryStorage, id: string) =>
  s.readNoteChanges('b1', id).map((c) => c.change.text)

describe('a note’s change history in storage [F14.8]', () => {
  it('[F14.8] keeps a note’s first and latest changes and a board’s most recently changed notes, on disk too, and numbers on after a restart', () => {
    const storage = new MemoryStorage()
    const doc = new Y.Doc()
    const limits = { perNote: 3, notes: 2 }
    let write = board(storage, doc, limits)
    write(() => createNote(doc, { id: 'n', text: 't0', column: 'what' }))
    for (let i = 1; i <= 4; i++) write(() => setText(doc, 'n', `t${i}`))
    expect(texts(storage, 'n')).toEqual(['t0', 't3', 't4'])
    // The server restarts: a new history reads the spans and numbers on.
    write = board(storage, doc, limits)
    write(() => setText(doc, 'n', 't5'))
    expect(texts(storage, 'n')).toEqual(['t0', 't4', 't5'])
    expect(storage.readNoteChanges('b1', 'n').map((c) => c.n)).toEqual([1, 5, 6])
    // A note the server first sees changed keeps its text as it stood.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    createNote(other, { id: 'm', text: 'as it stood', column: 'what' })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    write = board(storage, doc, limits)
    write(() => setText(doc, 'm', 'changed'))
    expect(storage.readNoteChanges('b1', 'm').map((c) => [c.change.at, c.change.text])).toEqual([
      [null, 'as it stood'],
      [TYPING_MS + 1, 'changed'],
    ])
    // A third note with a history: the least recently changed one ('n') is forgotten.
    write(() => createNote(doc, { id: 'k', text: 'third', column: 'what' }))
    expect(texts(storage, 'n')).toEqual([])
    expect(storage.readHistorySpans('b1').map((s) => s.noteId)).toEqual(['m', 'k'])
    expect(notesMap(doc).size).toBe(3)
  })

  it('[F14.8] a person’s typing is one change: the same writer within 10 s, a few characters at one place', () => {
    const storage = new MemoryStorage()
    const doc = new Y.Doc()
    const write = board(storage, doc, { perNote: 50, notes: 10 }, 300)
    write(() => createNote(doc, { id: 'n', text: '', column: 'what' }))
    for (const t of ['S', 'Sh', 'Sha', 'Shared', 'Shared bikes']) write(() => setText(doc, 'n', t))
    // Another person's keystroke is a change of theirs, and Ana's typing after it one of hers.
    const BO: Writer = { personId: 'p-b', name: 'Bo', city: 'Umeå', role: 'participant' }
    write(() => setText(doc, 'n', 'Shared bikes!'), BO)
    write(() => setText(doc, 'n', 'Shared bikes!!'))
    // A whole new text at once (a paste, a restore) is a change of its own.
    write(() => setText(doc, 'n', 'Shared bikes in Guimarães doubled'))
    expect(storage.readNoteChanges('b1', 'n').map((c) => [c.change.name, c.change.text])).toEqual([
      ['Ana', 'Shared bikes'],
      ['Bo', 'Shared bikes!'],
      ['Ana', 'Shared bikes!!'],
      ['Ana', 'Shared bikes in Guimarães doubled'],
    ])
    // A pause longer than a spell of typing starts a new change.
    const slow = board(storage, doc, { perNote: 50, notes: 10 }, TYPING_MS + 1)
    slow(() => setText(doc, 'n', 'Shared bikes in Guimarães doubled.'))
    slow(() => setText(doc, 'n', 'Shared bikes in Guimarães doubled..'))
    expect(texts(storage, 'n').slice(-2)).toEqual([
      'Shared bikes in Guimarães doubled.',
      'Shared bikes in Guimarães doubled..',
    ])
  })

  it('[F14.8] typing is an insertion or removal of at most 8 characters at one place', () => {
    expect(isTyping('', 'S')).toBe(true)
    expect(isTyping('Shared bikes', 'Shared  bikes')).toBe(true)
    expect(isTyping('Shared bikes', 'Shared')).toBe(true)
    expect(isTyping('aaaa', 'aaa')).toBe(true)
    expect(isTyping('Shared bikes', 'Shared bikes in Guima')).toBe(false)
    expect(isTyping('Shared bikes', 'Umeå first')).toBe(false)
    expect(isTyping('abcdef', 'zbcdez')).toBe(false)
  })
})
