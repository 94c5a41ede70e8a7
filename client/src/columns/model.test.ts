import {
  createCluster,
  createNote,
  deleteNote,
  RETRO_TEMPLATE,
  type Role,
  readBoard,
  seedBoard,
  setColumn,
  type Template,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { noteAccess } from '../board/refusals'
import { describeAdditions } from './announce'
import { firstNotes, groupBoard, themesOf } from './model'

function newBoard(o: { template?: Template } = {}) {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Test', template: o.template })
  return doc
}

function fakeClock(start = Date.UTC(2026, 0, 15, 9), step = 1000) {
  let t = start - step
  return () => {
    t += step
    return t
  }
}

function grouped(doc: ReturnType<typeof newBoard>) {
  const b = readBoard(doc)
  return groupBoard(b.meta, b.notes, new Map(b.clusters.map((c) => [c.id, c])))
}

describe('groupBoard', () => {
  it('follows the board’s own columns in display order [F2.2]', () => {
    const g = grouped(newBoard({ template: RETRO_TEMPLATE }))
    expect(g.columns.map((c) => c.title)).toEqual(['Went well', 'To improve', 'Actions'])
    expect(g.parkingLot.count).toBe(0)
  })

  it('groups by theme, then the notes in no theme, each in reading order (y, x, id)', () => {
    const doc = newBoard()
    const now = fakeClock()
    const a = createNote(doc, { id: 'a', column: 'what', x: 600, y: 200, text: 'A' }, { now })
    const b = createNote(doc, { id: 'b', column: 'what', x: 40, y: 200, text: 'B' }, { now })
    const c = createNote(doc, { id: 'c', column: 'what', x: 40, y: 500, text: 'C' }, { now })
    createNote(doc, { id: 'd', column: 'what', x: 40, y: 900, clusterId: 'ghost' }, { now })
    createCluster(doc, {
      id: 't',
      title: 'Funding',
      column: 'what',
      x: 0,
      y: 180,
      w: 900,
      h: 300,
      noteIds: [a, c],
    })
    createNote(doc, { id: 'gone', column: 'what', x: 40, y: 180 }, { now })
    deleteNote(doc, 'gone', { now })
    createNote(doc, { id: 'p', column: null, text: 'parked' }, { now })
    const what = grouped(doc).columns[0]!
    expect(what.count).toBe(4)
    expect(what.groups.map((g) => [g.cluster?.title ?? null, g.notes.map((n) => n.id)])).toEqual([
      ['Funding', ['a', 'c']],
      // a clusterId naming no cluster reads as no theme [F4.5]
      [null, ['b', 'd']],
    ])
    expect(b).toBe('b')
    expect(grouped(doc).parkingLot.groups[0]!.notes.map((n) => n.id)).toEqual(['p'])
  })

  it('moves a note between sections when its column changes', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n', column: 'what' })
    setColumn(doc, 'n', 'now-what')
    const g = grouped(doc)
    expect(g.columns.map((c) => c.count)).toEqual([0, 0, 1])
  })
})

describe('firstNotes', () => {
  const n = (id: string) => ({ id }) as never
  const groups = [
    { cluster: { id: 't' } as never, notes: [n('1'), n('2'), n('3')] },
    { cluster: null, notes: [n('4'), n('5')] },
  ]
  it.each([
    [2, [['1', '2']]],
    [3, [['1', '2', '3']]],
    [4, [['1', '2', '3'], ['4']]],
    [
      10,
      [
        ['1', '2', '3'],
        ['4', '5'],
      ],
    ],
  ])('limit %i keeps the groups', (limit, want) => {
    expect(firstNotes(groups, limit).map((g) => g.notes.map((x: { id: string }) => x.id))).toEqual(
      want,
    )
  })
})

describe('themesOf', () => {
  it('offers the themes of the note’s column, by position', () => {
    const doc = newBoard()
    createCluster(doc, { id: 'low', title: 'Low', column: 'what', x: 0, y: 900, w: 1, h: 1 })
    createCluster(doc, { id: 'high', title: 'High', column: 'what', x: 0, y: 200, w: 1, h: 1 })
    createCluster(doc, { id: 'other', title: 'Other', column: 'so-what', x: 0, y: 0, w: 1, h: 1 })
    const clusters = new Map(readBoard(doc).clusters.map((c) => [c.id, c]))
    expect(themesOf(clusters, 'what').map((c) => c.id)).toEqual(['high', 'low'])
  })
})

describe('noteAccess [F12.8, F12.10]', () => {
  const mine = { id: 'n', authorId: 'me', locked: false, clusterId: null }
  const inTheme = { ...mine, clusterId: 't' }
  const open = { locked: false, voteOpen: false }
  const who = (role: Role) => ({ role, person: 'me' })
  it.each([
    ['participant, own note', 'participant', open, mine, true, null],
    ['participant, another’s note', 'participant', open, { ...mine, authorId: 'you' }, false, null],
    [
      'participant, locked note',
      'participant',
      open,
      { ...mine, locked: true },
      false,
      'Locked by a facilitator.',
    ],
    ['participant, locked theme', 'participant', open, inTheme, false, 'In a locked theme.'],
    ['participant, locked board', 'participant', { ...open, locked: true }, mine, false, null],
    [
      'facilitator, locked note',
      'facilitator',
      open,
      { ...mine, authorId: 'you', locked: true },
      true,
      null,
    ],
    ['facilitator, locked board', 'facilitator', { ...open, locked: true }, mine, true, null],
    ['observer', 'observer', open, mine, false, null],
  ] as const)('%s', (_name, role, policy, note, canEdit, reason) => {
    expect(noteAccess(who(role), policy, note, new Set(['t']))).toEqual({ canEdit, reason })
  })
})

describe('describeAdditions', () => {
  it.each([
    [[], ''],
    [[{ column: 'So What?', city: 'Lahti' }], 'New note in So What? from Lahti'],
    [[{ column: 'What?', city: '' }], 'New note in What?'],
    [
      [
        { column: 'What?', city: 'A' },
        { column: 'What?', city: 'B' },
      ],
      '2 new notes in What?',
    ],
    [
      [
        { column: 'What?', city: 'A' },
        { column: 'Now What?', city: 'B' },
      ],
      '2 new notes',
    ],
  ])('%j', (adds, text) => {
    expect(describeAdditions(adds)).toBe(text)
  })
})
