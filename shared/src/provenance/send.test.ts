import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { assignToCluster, createCluster, renameCluster } from '../board/clusters'
import { BOARD_ERROR, BoardError } from '../board/errors'
import { columnRegion, isInside, NOTE_SIZE } from '../board/layout'
import { createNote, deleteNote, noteText, setKind, setText } from '../board/notes'
import { readBoard } from '../board/read'
import { setVotes } from '../board/votes'
import { RETRO_TEMPLATE } from '../schema/template'
import { fakeClock, newBoard } from '../testing/board'
import { refreshCopies } from './refresh'
import { SEND_OUTCOME, sendToBoard } from './send'
import { noteDigest } from './source'

/** A breakout with three notes (two in a theme) and an empty plenary. */
function rooms() {
  const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
  const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
  const n1 = createNote(a.doc, {
    text: 'Health moves people more than carbon does',
    column: 'so-what',
    lever: 'social-innovation',
    kind: 'insight',
    city: 'Lahti',
    author: 'Aino',
    authorId: 'u-aino',
  })
  const n2 = createNote(a.doc, {
    text: 'Employers as partners',
    column: 'so-what',
    lever: 'governance-policy',
    city: 'Umeå',
    author: 'Erik',
    authorId: 'u-erik',
  })
  const n3 = createNote(a.doc, {
    text: 'Budget lines for pilots',
    column: 'now-what',
    kind: 'risk-or-need',
    city: 'Nantes',
  })
  const theme = createCluster(a.doc, {
    title: 'Wellbeing as a motive',
    column: 'so-what',
    x: 1300,
    y: 180,
    w: 500,
    h: 300,
    noteIds: [n1, n2],
  })
  setVotes(a.doc, n1, 'u-erik', 2)
  setVotes(a.doc, n1, 'u-lea', 1)
  return { a, p, n1, n2, n3, theme }
}

const live = (doc: Y.Doc) => readBoard(doc).notes.filter((n) => n.deletedAt === null)
const copyOf = (doc: Y.Doc, noteId: string) => live(doc).find((n) => n.source?.noteId === noteId)!

describe('sending notes to another board', () => {
  it('[F11.5] [F11.1] a note arrives as a copy with its provenance, in a free slot of its column', () => {
    const { a, p, n1 } = rooms()
    const now = fakeClock()
    const r = sendToBoard(p, a, { notes: [n1] }, { now, origin: 'send' })
    expect(r.notes).toEqual([{ id: n1, copyId: expect.any(String), outcome: SEND_OUTCOME.sent }])
    const copy = live(p.doc)[0]!
    expect(copy.id).toBe(r.notes[0]!.copyId)
    expect(copy).toMatchObject({
      text: 'Health moves people more than carbon does',
      column: 'so-what',
      lever: 'social-innovation',
      kind: 'insight',
      city: 'Lahti',
      author: 'Aino',
      authorId: 'u-aino',
      clusterId: null,
    })
    const src = readBoard(a.doc).notes.find((n) => n.id === n1)!
    expect(copy.source).toEqual({
      boardId: 'room-a',
      boardName: 'Room A',
      noteId: n1,
      city: 'Lahti',
      author: 'Aino',
      lever: 'social-innovation',
      column: 'so-what',
      kind: 'insight',
      votes: 3,
      sentAt: Date.UTC(2026, 0, 15, 9, 0, 0),
      digest: noteDigest(src),
    })
    expect(isInside(columnRegion(readBoard(p.doc).meta.columns, 'so-what'), copy.x, copy.y)).toBe(
      true,
    )
    // No dots on the copy: the plenary votes on its own.
    expect(readBoard(p.doc).votes.get(copy.id)?.size ?? 0).toBe(0)
  })

  it('[F11.5] sending twice adds nothing and writes nothing', () => {
    const { a, p, n1, theme } = rooms()
    sendToBoard(p, a, { notes: [n1], themes: [theme] })
    const before = Y.encodeStateVector(p.doc)
    const again = sendToBoard(p, a, { notes: [n1], themes: [theme] })
    expect(again.notes[0]!.outcome).toBe(SEND_OUTCOME.alreadySent)
    expect(again.themes[0]!.outcome).toBe(SEND_OUTCOME.alreadySent)
    expect(Y.encodeStateVector(p.doc)).toEqual(before)
    expect(live(p.doc)).toHaveLength(2)
    expect(readBoard(p.doc).clusters).toHaveLength(1)
  })

  it('[F11.5] one id asked twice in one call is sent once', () => {
    const { a, p, n1 } = rooms()
    const r = sendToBoard(p, a, { notes: [n1, n1] })
    expect(r.notes).toHaveLength(1)
    expect(live(p.doc)).toHaveLength(1)
  })

  it('[F11.5] an edited source is reported changed since sent and never written over', () => {
    const { a, p, n1 } = rooms()
    sendToBoard(p, a, { notes: [n1] })
    setText(a.doc, n1, 'Health moves people more than anything')
    const before = Y.encodeStateVector(p.doc)
    const r = sendToBoard(p, a, { notes: [n1] })
    expect(r.notes[0]!.outcome).toBe(SEND_OUTCOME.changed)
    expect(Y.encodeStateVector(p.doc)).toEqual(before)
    expect(copyOf(p.doc, n1).text).toBe('Health moves people more than carbon does')
  })

  it('[F11.5] a copy deleted on the target is restored, not made twice', () => {
    const { a, p, n1 } = rooms()
    const first = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
    deleteNote(p.doc, first)
    const r = sendToBoard(p, a, { notes: [n1] })
    expect(r.notes[0]).toEqual({ id: n1, copyId: first, outcome: SEND_OUTCOME.restored })
    expect(readBoard(p.doc).notes).toHaveLength(1)
    expect(live(p.doc)).toHaveLength(1)
  })

  it('[F11.5] missing and deleted source notes are not found; nothing is written for them', () => {
    const { a, p, n3 } = rooms()
    deleteNote(a.doc, n3)
    const r = sendToBoard(p, a, { notes: ['no-such-note', n3] })
    expect(r.notes.map((x) => x.outcome)).toEqual([SEND_OUTCOME.notFound, SEND_OUTCOME.notFound])
    expect(sendToBoard(p, a, { themes: ['no-such-theme'] }).themes[0]!.outcome).toBe(
      SEND_OUTCOME.notFound,
    )
    expect(readBoard(p.doc).notes).toEqual([])
  })

  it('[F11.5] a board cannot send to itself', () => {
    const { a, n1 } = rooms()
    let error: unknown
    try {
      sendToBoard(a, { doc: a.doc, boardId: a.boardId }, { notes: [n1] })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(BoardError)
    expect((error as BoardError).code).toBe(BOARD_ERROR.sameBoard)
  })

  it('[F11.5] a copy sent back to the board it came from is refused: that would loop', () => {
    const { a, p, n1 } = rooms()
    const copy = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
    const back = sendToBoard(a, p, { notes: [copy] })
    expect(back.notes[0]).toEqual({ id: copy, copyId: null, outcome: SEND_OUTCOME.fromTarget })
    expect(live(a.doc)).toHaveLength(3)
  })

  it('[F11.5] a theme arrives framed below what the column holds, its members inside, in one transaction', () => {
    const { a, p, n1, n2, theme } = rooms()
    const earlier = createNote(p.doc, { text: 'Already here', column: 'so-what' })
    let transactions = 0
    p.doc.on('afterTransaction', () => transactions++)
    const r = sendToBoard(p, a, { themes: [theme] })
    expect(transactions).toBe(1)
    const t = r.themes[0]!
    expect(t.outcome).toBe(SEND_OUTCOME.sent)
    expect(t.notes.map((n) => [n.id, n.outcome])).toEqual([
      [n1, SEND_OUTCOME.sent],
      [n2, SEND_OUTCOME.sent],
    ])
    const board = readBoard(p.doc)
    const frame = board.clusters.find((c) => c.id === t.copyId)!
    expect(frame).toMatchObject({ title: 'Wellbeing as a motive', column: 'so-what' })
    expect(frame.sources).toEqual([
      expect.objectContaining({
        boardId: 'room-a',
        boardName: 'Room A',
        clusterId: theme,
        title: 'Wellbeing as a motive',
      }),
    ])
    const old = board.notes.find((n) => n.id === earlier)!
    expect(frame.y).toBeGreaterThanOrEqual(old.y + NOTE_SIZE.h)
    for (const id of [n1, n2]) {
      const c = copyOf(p.doc, id)
      expect(c.clusterId).toBe(frame.id)
      expect(c.x).toBeGreaterThanOrEqual(frame.x)
      expect(c.y).toBeGreaterThanOrEqual(frame.y)
      expect(c.x + NOTE_SIZE.w).toBeLessThanOrEqual(frame.x + frame.w)
      expect(c.y + NOTE_SIZE.h).toBeLessThanOrEqual(frame.y + frame.h)
    }
  })

  it('[F11.5] a member sent before stays where it is; a member in another column joins from its column', () => {
    const { a, p, n1, n2, n3, theme } = rooms()
    const alone = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
    // n3 sits in Now What? but belongs to the theme framed in So What?
    assignToCluster(a.doc, [n3], theme)
    const r = sendToBoard(p, a, { themes: [theme] })
    expect(r.themes[0]!.notes.map((n) => [n.id, n.outcome])).toEqual(
      expect.arrayContaining([
        [n1, SEND_OUTCOME.alreadySent],
        [n2, SEND_OUTCOME.sent],
        [n3, SEND_OUTCOME.sent],
      ]),
    )
    expect(copyOf(p.doc, n1)).toMatchObject({ id: alone, clusterId: null })
    const far = copyOf(p.doc, n3)
    expect(far).toMatchObject({
      column: 'now-what',
      clusterId: r.themes[0]!.copyId,
      kind: 'risk-or-need',
    })
    expect(isInside(columnRegion(readBoard(p.doc).meta.columns, 'now-what'), far.x, far.y)).toBe(
      true,
    )
  })

  it('[F11.5] a target with other columns and levers keeps the words: parking lot, no lever, no kind', () => {
    const { a, n1 } = rooms()
    const retro = { doc: newBoard({ title: 'Retro', template: RETRO_TEMPLATE }), boardId: 'retro' }
    sendToBoard(retro, a, { notes: [n1] })
    const c = live(retro.doc)[0]!
    expect(c).toMatchObject({
      column: null,
      lever: null,
      kind: null,
      text: 'Health moves people more than carbon does',
    })
    expect(c.source).toMatchObject({
      column: 'so-what',
      lever: 'social-innovation',
      kind: 'insight',
    })
    expect(readBoard(retro.doc).invalid).toEqual([])
  })

  it('[F11.5] text past the writers\u2019 cap arrives whole', () => {
    const { a, p } = rooms()
    const id = createNote(a.doc, { text: 'x', column: 'what' })
    const long = 'y'.repeat(2500)
    noteText(a.doc, id).insert(1, long)
    sendToBoard(p, a, { notes: [id] })
    expect(copyOf(p.doc, id).text).toBe(`x${long}`)
  })
})

describe('refreshing copies', () => {
  it('[F11.6] a changed source is brought over on request; placement, theme and dots stay', () => {
    const { a, p, n1 } = rooms()
    const copyId = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
    const before = copyOf(p.doc, n1)
    setVotes(p.doc, copyId, 'u-plenary', 2)
    setText(a.doc, n1, 'Health moves people more than anything')
    setKind(a.doc, n1, 'possibility')
    const now = fakeClock(Date.UTC(2026, 0, 15, 11))
    const r = refreshCopies(p, a, { notes: [copyId] }, { now })
    expect(r.notes).toEqual([{ copyId, outcome: 'refreshed' }])
    const after = copyOf(p.doc, n1)
    expect(after).toMatchObject({
      id: copyId,
      text: 'Health moves people more than anything',
      kind: 'possibility',
      x: before.x,
      y: before.y,
      column: before.column,
    })
    expect(after.source!.sentAt).toBe(Date.UTC(2026, 0, 15, 11))
    expect(after.source!.digest).toBe(noteDigest(readBoard(a.doc).notes.find((n) => n.id === n1)!))
    expect(readBoard(p.doc).votes.get(copyId)!.get('u-plenary')).toBe(2)
    // Now up to date: sending again reports it as sent, not changed.
    expect(sendToBoard(p, a, { notes: [n1] }).notes[0]!.outcome).toBe(SEND_OUTCOME.alreadySent)
  })

  it('[F11.6] a refresh splices the text, so typing on the copy at the same time merges', () => {
    const { a, p, n1 } = rooms()
    const copyId = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(p.doc))
    setText(a.doc, n1, 'Health moves people more than carbon does.')
    refreshCopies(p, a, { notes: [copyId] })
    setText(other, copyId, 'Wellbeing: Health moves people more than carbon does')
    Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(other))
    expect(copyOf(p.doc, n1).text).toBe('Wellbeing: Health moves people more than carbon does.')
  })

  it('[F11.6] unchanged, not a copy, source gone: nothing is written', () => {
    const { a, p, n1, n2 } = rooms()
    const r1 = sendToBoard(p, a, { notes: [n1, n2] })
    const [c1, c2] = r1.notes.map((n) => n.copyId!)
    const own = createNote(p.doc, { text: 'Plenary own', column: 'what' })
    deleteNote(a.doc, n2)
    const before = Y.encodeStateVector(p.doc)
    const r = refreshCopies(p, a, { notes: [c1!, own, 'nope', c2!] })
    expect(r.notes.map((n) => n.outcome)).toEqual([
      'unchanged',
      'not-a-copy',
      'not-a-copy',
      'source-gone',
    ])
    expect(Y.encodeStateVector(p.doc)).toEqual(before)
  })

  it('[F11.6] a theme refresh takes the title and copies members that joined, under the frame', () => {
    const { a, p, n3, theme } = rooms()
    const sent = sendToBoard(p, a, { themes: [theme] }).themes[0]!
    const frameBefore = readBoard(p.doc).clusters.find((c) => c.id === sent.copyId)!
    const joined = createNote(a.doc, {
      text: 'Cycling to work pays',
      column: 'so-what',
      city: 'Lahti',
    })
    assignToCluster(a.doc, [joined], theme)
    renameCluster(a.doc, theme, 'Wellbeing moves people')
    expect(sendToBoard(p, a, { themes: [theme] }).themes[0]!.outcome).toBe(SEND_OUTCOME.changed)
    const r = refreshCopies(p, a, { themes: [sent.copyId!] })
    expect(r.themes[0]!.outcome).toBe('refreshed')
    expect(r.themes[0]!.added).toHaveLength(1)
    const board = readBoard(p.doc)
    const frame = board.clusters.find((c) => c.id === sent.copyId)!
    expect(frame.title).toBe('Wellbeing moves people')
    expect(frame.h).toBeGreaterThan(frameBefore.h)
    const added = copyOf(p.doc, joined)
    expect(added.clusterId).toBe(frame.id)
    expect(added.y + NOTE_SIZE.h).toBeLessThanOrEqual(frame.y + frame.h)
    expect(added.y).toBeGreaterThanOrEqual(frameBefore.y + frameBefore.h - 20)
    expect(live(p.doc).some((n) => n.source?.noteId === n3)).toBe(false)
    expect(sendToBoard(p, a, { themes: [theme] }).themes[0]!.outcome).toBe(SEND_OUTCOME.alreadySent)
  })
})
