import {
  columnRegion,
  createCluster,
  createNote,
  moveNotes,
  NOTE_SIZE,
  type NoteView,
  RETRO_TEMPLATE,
  readBoard,
  readMeta,
  seedBoard,
  W3_TEMPLATE,
} from '@sensemaking/shared'
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type IndexKey,
  PageRecordType,
  T,
  type TLParentId,
  type TLRecord,
} from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  clusterAt,
  clusterIndex,
  clusterShapeId,
  clusterToShape,
  collectEdits,
  columnIndex,
  columnShapes,
  displayPosition,
  dropNote,
  emptyEdits,
  frameAround,
  hasEdits,
  MIN_COLUMN_HEIGHT,
  noteIdOf,
  noteIndex,
  noteToShape,
  onlyTextDiffers,
  planCommit,
  positionCorrection,
  shapeDiffers,
} from './mapping'
import { clusterShapeProps, columnShapeProps, noteShapeProps } from './shapeProps'
import { ClusterShapeUtil } from './shapes/ClusterShapeUtil'
import { ColumnShapeUtil } from './shapes/ColumnShapeUtil'
import { NoteShapeUtil } from './shapes/NoteShapeUtil'

const PAGE = 'page:page' as TLParentId
const meta = readMeta(boardDoc())
const frame = {
  id: 'c1',
  title: 'Money',
  column: 'so-what',
  x: 10,
  y: 20,
  w: 30,
  h: 400,
  locked: false,
  sources: [],
}
const what = columnRegion(meta.columns, 'what')
const soWhat = columnRegion(meta.columns, 'so-what')
const nowWhat = columnRegion(meta.columns, 'now-what')
const lot = columnRegion(meta.columns, null)

function boardDoc(template = W3_TEMPLATE): Y.Doc {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Mapping', template })
  return doc
}

function note(p: Partial<NoteView> = {}): NoteView {
  return {
    locked: false,
    id: 'n1',
    text: 'Bike lanes doubled',
    column: 'what',
    lever: null,
    kind: null,
    source: null,
    city: 'Lahti',
    author: 'Aino',
    authorId: 'u-aino',
    x: what.x + 40,
    y: what.y + 200,
    clusterId: null,
    createdAt: 1000,
    updatedAt: 1000,
    deletedAt: null,
    ...p,
  }
}

describe('document → tldraw records', () => {
  it('maps a note to a sticky with id shape:<noteId> and empty strings for nulls', () => {
    const s = noteToShape(note(), meta, PAGE)
    expect(s.id).toBe('shape:n1')
    expect(noteIdOf(s.id)).toBe('n1')
    expect(s).toMatchObject({ type: 'board-note', x: what.x + 40, y: 200, parentId: PAGE })
    expect(s.props).toEqual({
      w: NOTE_SIZE.w,
      h: NOTE_SIZE.h,
      text: 'Bike lanes doubled',
      lever: '',
      leverLabel: '',
      leverColor: '',
      kind: '',
      kindLabel: '',
      city: 'Lahti',
      author: 'Aino',
      authorId: 'u-aino',
      column: 'what',
      clusterId: '',
      locked: false,
      sourceRoom: '',
    })
    expect(() => T.object(noteShapeProps).validate(s.props)).not.toThrow()
  })

  it('[F11.1] a copy sent from another room names that room', () => {
    const source = {
      boardId: 'room-a',
      boardName: 'Energy',
      noteId: 'n9',
      city: 'Lahti',
      author: 'Aino',
      lever: null,
      column: 'what',
      kind: null,
      votes: 0,
      sentAt: 1,
      digest: '0',
    }
    expect(noteToShape(note({ source }), meta, PAGE).props.sourceRoom).toBe('Energy')
    const unnamed = noteToShape(note({ source: { ...source, boardName: '' } }), meta, PAGE)
    expect(unnamed.props.sourceRoom).toBe('another room')
  })

  it('[F3.9] takes the kind and its title from the note’s column; a kind of another column shows none', () => {
    const s = noteToShape(note({ kind: 'early-outcome' }), meta, PAGE)
    expect(s.props).toMatchObject({ kind: 'early-outcome', kindLabel: 'Early outcome' })
    const moved = noteToShape(note({ kind: 'early-outcome', column: 'so-what' }), meta, PAGE)
    expect(moved.props).toMatchObject({ kind: '', kindLabel: '' })
  })

  it.each([
    ['finance-funding', W3_TEMPLATE, 'Finance and funding', '#26775e'],
    ['process', RETRO_TEMPLATE, 'Process', '#c98000'],
  ])(
    'takes lever %s label and colour from the board’s own tags [F2.2]',
    (lever, tpl, label, color) => {
      const m = readMeta(boardDoc(tpl))
      const col = m.columns[0]!.id
      const s = noteToShape(note({ lever, column: col }), m, PAGE)
      expect(s.props).toMatchObject({ lever, leverLabel: label, leverColor: color })
    },
  )

  it('shows a note lying outside its column inside it, and says how to correct it [F7.2]', () => {
    const outside = note({ column: 'so-what', x: what.x + 40, y: 300 })
    const p = displayPosition(meta, outside)
    expect(p.x).toBeGreaterThanOrEqual(soWhat.x)
    expect(p.x + NOTE_SIZE.w).toBeLessThanOrEqual(soWhat.x + soWhat.w)
    expect(p.y).toBe(300)
    expect(positionCorrection(meta, outside)).toEqual(p)
    expect(positionCorrection(meta, note())).toBeNull()
    expect(noteToShape(outside, meta, PAGE)).toMatchObject(p)
    // the column is never re-assigned from the position
    expect(noteToShape(outside, meta, PAGE).props.column).toBe('so-what')
  })

  it('uses an in-flight position when one is given (a remote drag)', () => {
    const s = noteToShape(note(), meta, PAGE, { x: 5000, y: 7000 })
    expect(s).toMatchObject({ x: 5000, y: 7000 })
  })

  it('maps a cluster to a frame shape with a minimum size', () => {
    const s = clusterToShape(frame, PAGE)
    expect(s.id).toBe(clusterShapeId('c1'))
    expect(s).toMatchObject({ type: 'board-cluster', x: 10, y: 20 })
    expect(s.props).toEqual({
      w: 120,
      h: 400,
      title: 'Money',
      column: 'so-what',
      locked: false,
      sourceRooms: '',
    })
    expect(() => T.object(clusterShapeProps).validate(s.props)).not.toThrow()
  })

  it('[F11.2] a theme merged from rooms names each room once', () => {
    const source = (boardId: string, boardName: string, clusterId: string) => ({
      boardId,
      boardName,
      clusterId,
      title: 'Heating',
      sentAt: 1,
      digest: '0',
    })
    const s = clusterToShape(
      {
        ...frame,
        sources: [
          source('a', 'Energy', 't1'),
          source('b', 'Mobility', 't2'),
          source('a', 'Energy', 't3'),
        ],
      },
      PAGE,
    )
    expect(s.props.sourceRooms).toBe('Energy, Mobility')
  })

  it('draws one locked region per column and the parking lot, from shared geometry [F7.5]', () => {
    const cols = columnShapes({ ...meta, phase: 'so-what' }, [], PAGE)
    expect(cols.map((c) => c.props.columnId)).toEqual(['', 'what', 'so-what', 'now-what'])
    expect(cols.map((c) => c.x)).toEqual([lot.x, what.x, soWhat.x, nowWhat.x])
    for (const c of cols) {
      expect(c.isLocked).toBe(true)
      expect(c.props.h).toBe(MIN_COLUMN_HEIGHT)
      expect(() => T.object(columnShapeProps).validate(c.props)).not.toThrow()
    }
    expect(cols.map((c) => c.props.active)).toEqual([false, false, true, false])
    expect(cols[1]!.props).toMatchObject({ title: 'What?', prompt: W3_TEMPLATE.columns[0]!.prompt })
  })

  it('grows a column to hold its lowest note', () => {
    const cols = columnShapes(meta, [{ column: 'now-what', y: 3000 }], PAGE)
    const now = cols.find((c) => c.props.columnId === 'now-what')!
    expect(now.props.h).toBeGreaterThan(3000 + NOTE_SIZE.h)
    expect(cols.find((c) => c.props.columnId === 'what')!.props.h).toBe(MIN_COLUMN_HEIGHT)
  })

  it('gives valid index keys: columns behind themes behind notes, notes by creation', () => {
    const keys = [
      columnIndex(0),
      columnIndex(3),
      clusterIndex('0f0e-aa'),
      noteIndex({ id: 'b-1', createdAt: 5 }),
      noteIndex({ id: 'a-1', createdAt: 1_700_000_000_000 }),
      noteIndex({ id: '---', createdAt: 1_800_000_000_000 }),
    ]
    expect([...keys].sort()).toEqual(keys)
  })

  it('makes records tldraw’s own schema accepts (ids, index keys, props)', () => {
    const store = createTLStore({
      shapeUtils: [...defaultShapeUtils, NoteShapeUtil, ClusterShapeUtil, ColumnShapeUtil],
      bindingUtils: defaultBindingUtils,
    })
    const pageRecord = PageRecordType.create({ name: 'Board', index: 'a1' as IndexKey })
    const page = pageRecord.id as TLParentId
    const records: TLRecord[] = [
      pageRecord,
      ...columnShapes(meta, [], page),
      clusterToShape({ ...frame, id: '0f0e-aa' }, page),
      noteToShape(note({ id: 'b-1', createdAt: 5, lever: 'finance-funding' }), meta, page),
      noteToShape(note({ id: '---', createdAt: 1_800_000_000_000 }), meta, page),
    ]
    expect(() => store.put(records)).not.toThrow()
    expect(store.allRecords().filter((r) => r.typeName === 'shape')).toHaveLength(
      records.length - 1,
    )
    // a bad key is refused, so the check above is not vacuous
    expect(() => store.put([{ ...records[1]!, index: 'zz0' } as TLRecord])).toThrow()
  })

  it('tells changed records from equal ones', () => {
    const a = noteToShape(note(), meta, PAGE)
    expect(shapeDiffers(a, noteToShape(note(), meta, PAGE))).toBe(false)
    expect(shapeDiffers(a, noteToShape(note({ text: 'x' }), meta, PAGE))).toBe(true)
    expect(shapeDiffers(a, { ...a, x: a.x + 1 })).toBe(true)
  })

  it('tells a change of text alone (a keystroke) from one the shape must show at once', () => {
    const a = noteToShape(note(), meta, PAGE)
    expect(onlyTextDiffers(a, noteToShape(note({ text: 'x' }), meta, PAGE))).toBe(true)
    expect(onlyTextDiffers(a, noteToShape(note(), meta, PAGE))).toBe(false)
    const moved = noteToShape(note({ text: 'x' }), meta, PAGE)
    expect(onlyTextDiffers(a, { ...moved, y: moved.y + 1 })).toBe(false)
    expect(
      onlyTextDiffers(a, noteToShape(note({ text: 'x', lever: 'finance-funding' }), meta, PAGE)),
    ).toBe(false)
    expect(onlyTextDiffers(a, { ...moved, isLocked: !a.isLocked })).toBe(false)
  })
})

describe('tldraw user changes → edits', () => {
  const n = noteToShape(note(), meta, PAGE)
  const c = clusterToShape({ ...frame, title: 'T', column: 'what', x: 0, y: 180, w: 600 }, PAGE)
  const camera = { id: 'camera:page', typeName: 'camera', x: 0, y: 0 }

  it.each([
    [
      'a moved note',
      { added: {}, updated: { [n.id]: [n, { ...n, x: 500, y: 600 }] }, removed: {} },
      { noteMoves: [['n1', { x: 500, y: 600 }]] },
    ],
    [
      'a text-only change is not a move',
      {
        added: {},
        updated: { [n.id]: [n, { ...n, props: { ...n.props, text: 'z' } }] },
        removed: {},
      },
      {},
    ],
    [
      'a resized frame',
      {
        added: {},
        updated: { [c.id]: [c, { ...c, props: { ...c.props, w: 900 } }] },
        removed: {},
      },
      { clusterBounds: [['c1', { x: 0, y: 180, w: 900, h: 400 }]] },
    ],
    [
      'a deleted note',
      { added: {}, updated: {}, removed: { [n.id]: n } },
      { removedNotes: ['n1'] },
    ],
    [
      'a deleted frame',
      { added: {}, updated: {}, removed: { [c.id]: c } },
      { removedClusters: ['c1'] },
    ],
    ['a pasted note', { added: { [n.id]: n }, updated: {}, removed: {} }, { createdNotes: [n] }],
    [
      'records that are not ours',
      { added: {}, updated: { [camera.id]: [camera, { ...camera, x: 9 }] }, removed: {} },
      {},
    ],
  ])('%s', (_name, diff, want: Record<string, unknown[]>) => {
    // biome-ignore lint/suspicious/noExplicitAny: table rows hold plain records
    const e = collectEdits(diff as any)
    expect([...e.noteMoves]).toEqual(want.noteMoves ?? [])
    expect([...e.clusterBounds]).toEqual(want.clusterBounds ?? [])
    expect(e.removedNotes).toEqual(want.removedNotes ?? [])
    expect(e.removedClusters).toEqual(want.removedClusters ?? [])
    expect(e.createdNotes).toEqual(want.createdNotes ?? [])
    expect(hasEdits(e)).toBe(Object.keys(want).length > 0)
  })

  it('accumulates frames of one drag, keeping the last position', () => {
    const e = emptyEdits()
    collectEdits({ added: {}, updated: { [n.id]: [n, { ...n, x: 1 }] }, removed: {} }, e)
    collectEdits(
      {
        added: {},
        updated: {
          [n.id]: [
            { ...n, x: 1 },
            { ...n, x: 2 },
          ],
        },
        removed: {},
      },
      e,
    )
    expect(e.noteMoves.get('n1')).toEqual({ x: 2, y: n.y })
    collectEdits({ added: {}, updated: {}, removed: { [n.id]: n } }, e)
    expect(e.noteMoves.size).toBe(0)
  })
})

describe('dropping notes [F7.3]', () => {
  it.each([
    ['inside What', what.x + 100, 400, 'what'],
    ['inside Now What', nowWhat.x + 300, 900, 'now-what'],
    ['with its centre just inside So What', soWhat.x - 90, 400, 'so-what'],
    ['left of every column', lot.x + 200, 400, null],
    ['in the gap between columns', what.x + what.w + 10, 400, null],
  ])('%s', (_name, x, y, column) => {
    const d = dropNote(meta, x, y)
    expect(d.column).toBe(column)
    const region = columnRegion(meta.columns, column)
    expect(d.x).toBeGreaterThanOrEqual(region.x)
    expect(d.x + NOTE_SIZE.w).toBeLessThanOrEqual(region.x + region.w)
    expect(d.y).toBeGreaterThanOrEqual(180)
  })

  it('keeps a drop that lies wholly inside its column where it was dropped', () => {
    expect(dropNote(meta, nowWhat.x + 300, 900)).toEqual({
      column: 'now-what',
      x: nowWhat.x + 300,
      y: 900,
    })
  })
})

describe('themes', () => {
  const frames = [
    { id: 'big', x: 0, y: 0, w: 1000, h: 1000 },
    { id: 'small', x: 100, y: 100, w: 400, h: 400 },
  ]
  it.each([
    [150, 150, 'small'],
    [600, 600, 'big'],
    [2000, 2000, null],
  ])('a note at (%i, %i) is in %s', (x, y, id) => {
    expect(clusterAt(frames, x, y)).toBe(id)
  })

  it('frames selected notes with padding and a title bar', () => {
    const f = frameAround([
      { x: 100, y: 300 },
      { x: 400, y: 500 },
    ])
    expect(f.x).toBeLessThan(100)
    expect(f.y).toBeLessThan(300 - 28)
    expect(f.x + f.w).toBeGreaterThan(400 + NOTE_SIZE.w)
    expect(f.y + f.h).toBeGreaterThan(500 + NOTE_SIZE.h)
  })
})

describe('planning a commit', () => {
  function setup() {
    const doc = boardDoc()
    const a = createNote(doc, { column: 'what', x: what.x + 40, y: 220 })
    const b = createNote(doc, { column: 'what', x: what.x + 300, y: 220 })
    const cid = createCluster(doc, {
      title: 'Theme',
      column: 'what',
      x: what.x + 10,
      y: 180,
      w: 560,
      h: 300,
      noteIds: [a, b],
    })
    const loose = createNote(doc, { column: 'so-what', x: soWhat.x + 600, y: 900 })
    const snap = readBoard(doc)
    return {
      doc,
      a,
      b,
      cid,
      loose,
      state: { notes: new Map(snap.notes.map((n) => [n.id, n])), clusters: snap.clusters },
    }
  }

  it('drops a note from What into Now What: column, position, no theme', () => {
    const { doc, a, state } = setup()
    const plan = planCommit(
      meta,
      { noteMoves: new Map([[a, { x: nowWhat.x + 200, y: 600 }]]), clusterBounds: new Map() },
      state,
    )
    expect(plan.noteMoves).toEqual([{ id: a, x: nowWhat.x + 200, y: 600, column: 'now-what' }])
    expect(plan.membership.get(a)).toBeNull()
    moveNotes(doc, plan.noteMoves)
    expect(readBoard(doc).notes.find((n) => n.id === a)!.column).toBe('now-what')
  })

  it('a note dropped into a frame joins its theme', () => {
    const { loose, cid, state } = setup()
    const plan = planCommit(
      meta,
      { noteMoves: new Map([[loose, { x: what.x + 60, y: 240 }]]), clusterBounds: new Map() },
      state,
    )
    expect(plan.membership.get(loose)).toBe(cid)
    expect(plan.noteMoves[0]!.column).toBe('what')
  })

  it('a moved frame carries its members; they are not also dropped [F4.2]', () => {
    const { a, b, cid, loose, state } = setup()
    const to = { x: soWhat.x + 20, y: 400, w: 560, h: 300 }
    const plan = planCommit(
      meta,
      {
        noteMoves: new Map([
          [a, { x: 1, y: 1 }],
          [loose, { x: soWhat.x + 700, y: 1200 }],
        ]),
        clusterBounds: new Map([[cid, to]]),
      },
      state,
    )
    // Dropped 20 units inside So What's left edge: shifted to lie within the column's padding.
    expect(plan.clusterBounds).toEqual([
      { id: cid, ...to, x: soWhat.x + 20, column: 'so-what', moveNotes: true },
    ])
    expect(plan.noteMoves.map((m) => m.id)).toEqual([loose])
    expect(plan.membership.has(b)).toBe(false)
  })

  it('a resized frame does not move its notes', () => {
    const { cid, state } = setup()
    const c = state.clusters[0]!
    const plan = planCommit(
      meta,
      { noteMoves: new Map(), clusterBounds: new Map([[cid, { x: c.x, y: c.y, w: 900, h: 700 }]]) },
      state,
    )
    expect(plan.clusterBounds[0]).toMatchObject({ moveNotes: false, w: 900, column: 'what' })
  })

  it('a frame resized from its top-left corner does not move its notes either', () => {
    const { cid, state } = setup()
    const c = state.clusters[0]!
    const plan = planCommit(
      meta,
      {
        noteMoves: new Map(),
        clusterBounds: new Map([[cid, { x: c.x - 50, y: c.y - 40, w: c.w + 50, h: c.h + 40 }]]),
      },
      state,
    )
    expect(plan.clusterBounds[0]).toMatchObject({ moveNotes: false, x: c.x - 50 })
  })

  it.each([
    ['across the gap into So What', -100, 'so-what'],
    ['past the right edge of So What', 700, 'so-what'],
  ])('a theme dropped %s is put inside the column [F7.2]', (_name, dx, column) => {
    const { cid, state } = setup()
    const c = state.clusters[0]!
    const plan = planCommit(
      meta,
      {
        noteMoves: new Map(),
        clusterBounds: new Map([[cid, { x: soWhat.x + dx, y: 600, w: c.w, h: c.h }]]),
      },
      state,
    )
    const b = plan.clusterBounds[0]!
    expect(b.column).toBe(column)
    expect(b.x).toBeGreaterThanOrEqual(soWhat.x)
    expect(b.x + b.w).toBeLessThanOrEqual(soWhat.x + soWhat.w)
    expect(b.y).toBe(600)
  })

  it('a theme about as wide as a column is centred on the column it is dropped in', () => {
    const { cid, state } = setup()
    const c = state.clusters[0]!
    const plan = planCommit(
      meta,
      {
        noteMoves: new Map(),
        clusterBounds: new Map([[cid, { x: soWhat.x - 70, y: c.y, w: soWhat.w - 10, h: c.h }]]),
      },
      { ...state, clusters: [{ ...c, w: soWhat.w - 10 }] },
    )
    expect(plan.clusterBounds[0]).toMatchObject({ column: 'so-what', x: soWhat.x + 5 })
  })

  it('ignores notes and frames the document no longer has', () => {
    const { state } = setup()
    const plan = planCommit(
      meta,
      {
        noteMoves: new Map([['gone', { x: 0, y: 0 }]]),
        clusterBounds: new Map([['gone', { x: 0, y: 0, w: 1, h: 1 }]]),
      },
      state,
    )
    expect(plan).toEqual({ clusterBounds: [], noteMoves: [], membership: new Map() })
  })
})
