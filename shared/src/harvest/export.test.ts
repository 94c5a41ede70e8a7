import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { assignToCluster, createCluster } from '../board/clusters'
import { seedBoard, setPhase } from '../board/meta'
import { createNote, deleteNote, type NewNote } from '../board/notes'
import { notesMap, votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { sendToBoard } from '../provenance/send'
import { BOARD, NOTE } from '../schema/keys'
import { RETRO_TEMPLATE } from '../schema/template'
import { fakeClock, newBoard } from '../testing/board'
import { exportHarvest } from './export'
import { HarvestSchema } from './schema'

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0)
const exp = (doc: Y.Doc) => exportHarvest(doc, { boardId: 'b1', now: () => T0 })
const note = (doc: Y.Doc, n: Partial<NewNote> & { id: string }) =>
  createNote(doc, { column: 'what', text: n.id, ...n }, { now: fakeClock(T0) })
const ids = (notes: { id: string }[]) => notes.map((n) => n.id)

describe('harvest export: the document', () => {
  it('[H1.2] has every field of version 1.1 and passes its own schema', () => {
    const doc = newBoard({ title: 'Breakout 2' })
    note(doc, { id: 'a', lever: 'finance-funding', city: 'Lahti', author: 'Aino', authorId: 'u1' })
    const h = exp(doc)
    expect(HarvestSchema.parse(h)).toEqual(h)
    expect(Object.keys(h)).toEqual(
      expect.arrayContaining([
        'format',
        'version',
        'exportedAt',
        'board',
        'levers',
        'columns',
        'parkingLot',
        'invalid',
        'summary',
        'minorVersion',
      ]),
    )
    expect(h.format).toBe('sensemaking-harvest')
    expect(h.version).toBe(1)
    expect(h.minorVersion).toBe(1)
    expect(Object.keys(h.columns[0]!).sort()).toEqual(
      ['id', 'title', 'prompt', 'heading', 'kinds', 'clusters', 'notes'].sort(),
    )
    expect(Object.keys(h.summary).sort()).toEqual(
      ['notes', 'participants', 'cities', 'byColumn', 'byLever', 'levers', 'themes'].sort(),
    )
    expect(Object.keys(h.columns[0]!.notes[0]!).sort()).toEqual(
      [
        'id',
        'text',
        'column',
        'lever',
        'city',
        'author',
        'authorId',
        'clusterId',
        'votes',
        'x',
        'y',
        'createdAt',
        'updatedAt',
        'kind',
        'source',
      ].sort(),
    )
  })

  it.each([
    ['no session', {}, null],
    ['a session', { sessionId: 's1', sessionTitle: 'Round 2' }, { id: 's1', title: 'Round 2' }],
    ['a session without a title', { sessionId: 's1' }, { id: 's1', title: '' }],
  ])('[H1.4] board.session with %s', (_, seed, session) => {
    const doc = new Y.Doc()
    seedBoard(doc, { title: 'B', ...seed })
    setPhase(doc, 'now-what')
    expect(exp(doc).board).toEqual({
      id: 'b1',
      title: 'B',
      template: 'w3',
      phase: 'now-what',
      session,
    })
  })

  it("[H1.4] levers are the board's own tag set, with colours, in its order", () => {
    const h = exp(newBoard({ template: RETRO_TEMPLATE }))
    expect(h.levers).toEqual(RETRO_TEMPLATE.tags)
    expect(h.columns.map((c) => c.id)).toEqual(['went-well', 'to-improve', 'actions'])
  })

  it.each([
    [0, '1970-01-01T00:00:00.000Z', false],
    [T0 + 123, '2026-01-15T09:00:00.123Z', false],
    [1e20, '9999-12-31T23:59:59.999Z', true],
    [-1e20, '0000-01-01T00:00:00.000Z', true],
  ])('[H2] createdAt %d exports as %s (clamped: %s)', (ms, iso, clamped) => {
    const doc = newBoard()
    note(doc, { id: 'a' })
    notesMap(doc).get('a')!.set(NOTE.createdAt, ms)
    notesMap(doc).get('a')!.set(NOTE.updatedAt, ms)
    const h = exp(doc)
    expect(h.columns[0]!.notes[0]!.createdAt).toBe(iso)
    expect(h.invalid.some((e) => e.id === 'a' && /createdAt is outside/.test(e.reason))).toBe(
      clamped,
    )
    expect(HarvestSchema.safeParse(h).success).toBe(true)
    expect(h.exportedAt).toBe('2026-01-15T09:00:00.000Z')
  })
})

describe('harvest export: order', () => {
  it('[H3.1] columns in display order (order, then id); a duplicate id is listed once', () => {
    const doc = newBoard()
    doc.getMap('board').set(BOARD.columns, [
      { id: 'b', title: 'B', prompt: '', order: 1 },
      { id: 'a', title: 'A', prompt: '', order: 1 },
      { id: 'z', title: 'Z', prompt: '', order: 0 },
      { id: 'a', title: 'A again', prompt: '', order: 5 },
    ])
    expect(exp(doc).columns.map((c) => `${c.id}:${c.title}`)).toEqual(['z:Z', 'a:A', 'b:B'])
  })

  it.each([
    [
      'by y first',
      [
        ['n1', 100, 900],
        ['n2', 900, 300],
      ],
      ['n2', 'n1'],
    ],
    [
      'then by x',
      [
        ['n1', 500, 300],
        ['n2', 100, 300],
      ],
      ['n2', 'n1'],
    ],
    [
      'then by id (code units)',
      [
        ['b', 100, 300],
        ['B', 100, 300],
        ['a', 100, 300],
      ],
      ['B', 'a', 'b'],
    ],
  ] as [string, [string, number, number][], string[]][])(
    '[H3.2] orders notes by (y, x, id): %s',
    (_, placed, order) => {
      const doc = newBoard()
      for (const [id, x, y] of placed) note(doc, { id, x, y })
      expect(ids(exp(doc).columns[0]!.notes)).toEqual(order)
    },
  )

  it('[H3.2] two replicas that received the notes in different orders export the same', () => {
    const a = newBoard()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    note(a, { id: 'n1', x: 100, y: 300 })
    note(b, { id: 'n2', x: 100, y: 300 })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(exp(a)).toEqual(exp(b))
  })
})

describe('harvest export: deleted notes, clusters, invalid entries, votes', () => {
  it('[H4.1] soft-deleted notes and their dots are left out everywhere', () => {
    const doc = newBoard()
    note(doc, { id: 'keep', authorId: 'u1', city: 'Nantes' })
    note(doc, { id: 'gone', authorId: 'u2', city: 'Turku', lever: 'finance-funding' })
    createCluster(doc, { id: 'c', title: 'T', column: 'what', x: 0, y: 0, w: 10, h: 10 })
    assignToCluster(doc, ['keep', 'gone'], 'c')
    setVotes(doc, 'gone', 'v', 3)
    deleteNote(doc, 'gone')
    const h = exp(doc)
    expect(ids(h.columns[0]!.notes)).toEqual(['keep'])
    expect(h.columns[0]!.clusters[0]!.noteIds).toEqual(['keep'])
    expect(h.summary).toMatchObject({ notes: 1, participants: 1 })
    expect(h.summary.cities).toEqual([{ name: 'Nantes', notes: 1 }])
    expect(h.summary.byLever['finance-funding']!.total).toBe(0)
  })

  const clusterCases: [
    string,
    [string, string | null][],
    string | null,
    Record<string, string[][]>,
  ][] = [
    [
      'members in one column',
      [
        ['a', 'so-what'],
        ['b', 'so-what'],
      ],
      'so-what',
      { 'so-what': [['a', 'b']] },
    ],
    [
      'members in two columns: listed under each with its members there',
      [
        ['a', 'so-what'],
        ['b', 'now-what'],
        ['c', 'so-what'],
      ],
      'so-what',
      { 'so-what': [['a', 'c']], 'now-what': [['b']] },
    ],
    [
      'members only outside its own column: not listed under its own',
      [['a', 'now-what']],
      'what',
      { 'now-what': [['a']] },
    ],
    ['no members: under its own column, empty', [], 'what', { what: [[]] }],
    ['no members, frame in the parking lot', [], null, { parkingLot: [[]] }],
    ['members in the parking lot', [['a', null]], 'what', { parkingLot: [['a']] }],
  ]
  it.each(clusterCases)('[H5.1] [H5.2] a cluster with %s', (_, members, own, expected) => {
    const doc = newBoard()
    createCluster(doc, { id: 'c', title: 'Theme', column: own, x: 0, y: 0, w: 10, h: 10 })
    members.forEach(([id, column], i) => {
      note(doc, { id, column, x: 100 + i * 10, y: 300, clusterId: 'c' })
    })
    const h = exp(doc)
    const listed: Record<string, string[][]> = {}
    for (const col of h.columns) {
      if (col.clusters.length) listed[col.id] = col.clusters.map((c) => c.noteIds)
    }
    if (h.parkingLotClusters?.length) listed.parkingLot = h.parkingLotClusters.map((c) => c.noteIds)
    expect(listed).toEqual(expected)
  })

  it('[H5.3] clusters under a column are ordered by frame (y, x, id) and carry their frame', () => {
    const doc = newBoard()
    createCluster(doc, { id: 'low', title: 'Low', column: 'what', x: 0, y: 900, w: 5, h: 6 })
    createCluster(doc, { id: 'right', title: 'R', column: 'what', x: 500, y: 200, w: 5, h: 6 })
    createCluster(doc, { id: 'left', title: 'L', column: 'what', x: 40, y: 200, w: 7, h: 8 })
    const clusters = exp(doc).columns[0]!.clusters
    expect(ids(clusters)).toEqual(['left', 'right', 'low'])
    expect(clusters[0]).toEqual({
      id: 'left',
      title: 'L',
      noteIds: [],
      column: 'what',
      x: 40,
      y: 200,
      w: 7,
      h: 8,
      sources: [],
    })
  })

  it('[H5.4] a clusterId that names no cluster is kept on the note and listed under no theme', () => {
    const doc = newBoard()
    note(doc, { id: 'a', clusterId: 'gone' })
    const col = exp(doc).columns[0]!
    expect(col.notes[0]!.clusterId).toBe('gone')
    expect(col.clusters).toEqual([])
  })

  it('[H6.1] invalid lists what the reader reported, sorted; kept notes are exported too', () => {
    const doc = newBoard()
    note(doc, { id: 'm-lever' })
    note(doc, { id: 'k-column' })
    doc.transact(() => {
      notesMap(doc).get('m-lever')!.set(NOTE.lever, 'circular-economy')
      notesMap(doc).get('k-column')!.set(NOTE.column, 'later')
      ;(notesMap(doc) as Y.Map<unknown>).set('a-string', 'not a map')
      ;(votesMap(doc) as Y.Map<unknown>).set('m-lever', 7)
    })
    const h = exp(doc)
    expect(h.invalid).toEqual([
      { id: 'a-string', kind: 'note', reason: 'note is not a Y.Map' },
      { id: 'k-column', kind: 'note', reason: 'unknown column "later", read as the parking lot' },
      { id: 'm-lever', kind: 'note', reason: 'unknown lever "circular-economy", read as untagged' },
      { id: 'm-lever', kind: 'vote', reason: 'votes entry is not a Y.Map' },
    ])
    expect(ids(h.parkingLot)).toEqual(['k-column'])
    expect(h.columns[0]!.notes[0]).toMatchObject({ id: 'm-lever', lever: null, votes: 0 })
  })

  it('[H7.1] votes is the total of dots over all voters', () => {
    const doc = newBoard()
    note(doc, { id: 'a' })
    setVotes(doc, 'a', 'v1', 2)
    setVotes(doc, 'a', 'v2', 3)
    setVotes(doc, 'a', 'v3', 1)
    setVotes(doc, 'a', 'v3', 0)
    expect(exp(doc).columns[0]!.notes[0]!.votes).toBe(5)
  })

  it('[H7.2] text is whole, line breaks kept, even past the writers cap', () => {
    const doc = newBoard()
    note(doc, { id: 'a', text: 'line 1\nline 2' })
    const t = notesMap(doc).get('a')!.get(NOTE.text) as Y.Text
    t.insert(t.length, 'x'.repeat(2500))
    const text = exp(doc).columns[0]!.notes[0]!.text
    expect(text.startsWith('line 1\nline 2')).toBe(true)
    expect(text).toHaveLength(13 + 2500)
  })

  it('[H7.3] kind is the kind as it reads; source is the pinned triple of a copy, or null', () => {
    const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
    const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
    const src = createNote(a.doc, { text: 'x', column: 'so-what', kind: 'insight', city: 'Lahti' })
    const copyId = sendToBoard(p, a, { notes: [src] }).notes[0]!.copyId!
    note(p.doc, { id: 'own', column: 'so-what', kind: 'blind-spot' })
    const c = exportHarvest(p.doc, { boardId: 'plenary', now: () => T0 })
    const byId = new Map(c.columns[1]!.notes.map((n) => [n.id, n]))
    expect(byId.get(copyId)).toMatchObject({
      kind: 'insight',
      source: { boardId: 'room-a', boardName: 'Room A', noteId: src },
    })
    expect(Object.keys(byId.get(copyId)!.source!).sort()).toEqual([
      'boardId',
      'boardName',
      'noteId',
    ])
    expect(byId.get('own')).toMatchObject({ kind: 'blind-spot', source: null })
  })

  it('[H7.3] [H6.1] a source naming the exported board itself is a loop: null, and listed', () => {
    const doc = newBoard()
    note(doc, { id: 'a' })
    notesMap(doc).get('a')!.set(NOTE.source, { boardId: 'b1', boardName: 'me', noteId: 'a' })
    const h = exp(doc)
    expect(h.columns[0]!.notes[0]!.source).toBeNull()
    expect(h.invalid).toEqual([
      { id: 'a', kind: 'note', reason: 'source names this board, read as none' },
    ])
  })

  it('[H7.3] a theme sent from another board lists its sources', () => {
    const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
    const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
    const n = createNote(a.doc, { text: 'x', column: 'what' })
    const theme = createCluster(a.doc, {
      title: 'Data',
      column: 'what',
      x: 0,
      y: 0,
      w: 9,
      h: 9,
      noteIds: [n],
    })
    sendToBoard(p, a, { themes: [theme] })
    const h = exportHarvest(p.doc, { boardId: 'plenary', now: () => T0 })
    expect(h.columns[0]!.clusters[0]!.sources).toEqual([
      { boardId: 'room-a', boardName: 'Room A', clusterId: theme },
    ])
  })

  it('[H1.4] a column carries its report heading and its kinds; other templates have none', () => {
    const w3 = exp(newBoard())
    expect(w3.columns[0]).toMatchObject({
      heading: 'Looking back (What?) – early outcomes and strategic learnings',
      kinds: [
        { id: 'early-outcome', title: 'Early outcome' },
        { id: 'strategic-learning', title: 'Strategic learning' },
      ],
    })
    const retro = exp(newBoard({ template: RETRO_TEMPLATE }))
    expect(retro.columns.map((c) => [c.heading, c.kinds])).toEqual([
      ['Went well', []],
      ['To improve', []],
      ['Actions', []],
    ])
  })
})
