import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BOARD, NOTE, ROOT } from '../schema/keys'
import { DEFAULT_TEMPLATE, RETRO_TEMPLATE } from '../schema/template'
import { newBoard } from '../testing/board'
import { seedBoard, setPhase } from './meta'
import { createNote } from './notes'
import { isBoard, notesMap, readBoard, readMeta } from './read'

/** Write a raw note map, bypassing the writers, as a third party or an old client might. */
function rawNote(doc: Y.Doc, id: string, fields: Record<string, unknown>) {
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(fields)) m.set(k, v)
    notesMap(doc).set(id, m)
  })
}

const good = () => ({
  [NOTE.text]: new Y.Text('ok'),
  [NOTE.column]: 'what',
  [NOTE.lever]: null,
  [NOTE.x]: 10,
  [NOTE.y]: 200,
  [NOTE.createdAt]: 5,
})

describe('readers', () => {
  it('[F2.1] seedBoard writes the settings of format v1', () => {
    const doc = newBoard({ title: 'Cluster session 3' })
    expect(readMeta(doc)).toMatchObject({
      title: 'Cluster session 3',
      formatVersion: 1,
      template: 'w3',
      phase: null,
      locked: false,
    })
    expect(readMeta(doc).columns.map((c) => c.id)).toEqual(['what', 'so-what', 'now-what'])
    expect(readMeta(doc).tags).toHaveLength(6)
  })

  it('[F2.2] validation follows the board own columns and tags (another template)', () => {
    const doc = newBoard({ template: RETRO_TEMPLATE })
    const id = createNote(doc, { text: 'Pairing worked', column: 'went-well', lever: 'people' })
    expect(readBoard(doc).notes[0]).toMatchObject({ id, column: 'went-well', lever: 'people' })
    expect(() => createNote(doc, { text: 'x', column: 'what' })).toThrow(/Unknown column/)
  })

  it('[F2.3] a board without columns or tags reads with the default template', () => {
    const doc = new Y.Doc()
    doc.getMap(ROOT.board).set(BOARD.formatVersion, 1)
    const meta = readMeta(doc)
    expect(meta.columns).toEqual(DEFAULT_TEMPLATE.columns)
    expect(meta.tags).toEqual(DEFAULT_TEMPLATE.tags)
  })

  it('[F2.4] reading a document never writes to it', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    readBoard(doc)
    readMeta(doc)
    expect(updates).toBe(0)
    expect(isBoard(doc)).toBe(false)
  })

  it('[F2.5] a phase that is not a column reads as null', () => {
    const doc = newBoard()
    setPhase(doc, 'so-what')
    expect(readMeta(doc).phase).toBe('so-what')
    doc.getMap(ROOT.board).set(BOARD.phase, 'later')
    expect(readMeta(doc).phase).toBeNull()
  })

  it('[F2.7] a document is a board when formatVersion is present', () => {
    const doc = new Y.Doc()
    expect(isBoard(doc)).toBe(false)
    seedBoard(doc, { title: 't' })
    expect(isBoard(doc)).toBe(true)
  })

  it.each([
    ['not a Y.Map', 'a string', /not a Y.Map/],
    ['text missing', { ...good(), [NOTE.text]: undefined }, /text/],
    ['text a number', { ...good(), [NOTE.text]: 7 }, /text/],
    ['x missing', { ...good(), [NOTE.x]: undefined }, /x or y/],
    ['y not finite', { ...good(), [NOTE.y]: Number.NaN }, /x or y/],
    ['createdAt a string', { ...good(), [NOTE.createdAt]: 'yesterday' }, /createdAt/],
  ])('[F9.1] a note with %s is reported invalid and the rest still reads', (_n, fields, reason) => {
    const doc = newBoard()
    createNote(doc, { text: 'survivor', column: 'what' })
    if (typeof fields === 'string') notesMap(doc).set('bad', fields as unknown as Y.Map<unknown>)
    else
      rawNote(
        doc,
        'bad',
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      )
    const b = readBoard(doc)
    expect(b.notes.map((n) => n.text)).toEqual(['survivor'])
    expect(b.invalid).toHaveLength(1)
    expect(b.invalid[0]).toMatchObject({ id: 'bad', kind: 'note' })
    expect(b.invalid[0]!.reason).toMatch(reason)
  })

  it('[F9.2] a note with an unknown lever is kept untagged and reported', () => {
    const doc = newBoard()
    rawNote(doc, 'n1', { ...good(), [NOTE.lever]: 'mobility' })
    const b = readBoard(doc)
    expect(b.notes[0]).toMatchObject({ id: 'n1', text: 'ok', lever: null })
    expect(b.invalid).toEqual([
      { id: 'n1', kind: 'note', reason: 'unknown lever "mobility", read as untagged' },
    ])
  })

  it('[F9.2] a note with an unknown column is kept in the parking lot and reported', () => {
    const doc = newBoard()
    rawNote(doc, 'n1', { ...good(), [NOTE.column]: 'later' })
    const b = readBoard(doc)
    expect(b.notes[0]).toMatchObject({ id: 'n1', column: null })
    expect(b.invalid[0]!.reason).toMatch(/unknown column "later"/)
  })

  it('[F9.3] missing optional fields read with defaults', () => {
    const doc = newBoard()
    rawNote(doc, 'n1', {
      [NOTE.text]: 'plain string text',
      [NOTE.x]: 1,
      [NOTE.y]: 2,
      [NOTE.createdAt]: 9,
    })
    const b = readBoard(doc)
    expect(b.notes[0]).toEqual({
      id: 'n1',
      text: 'plain string text',
      column: null,
      lever: null,
      kind: null,
      city: '',
      author: '',
      authorId: '',
      x: 1,
      y: 2,
      clusterId: null,
      createdAt: 9,
      updatedAt: 9,
      deletedAt: null,
      locked: false,
      source: null,
    })
    expect(b.invalid).toEqual([])
  })

  it('[F9.1] malformed settings never throw', () => {
    const doc = new Y.Doc()
    const b = doc.getMap(ROOT.board)
    b.set(BOARD.columns, 'not an array')
    b.set(BOARD.tags, [{ nope: 1 }, 5, null])
    b.set(BOARD.title, 12)
    b.set(BOARD.locked, 'yes')
    const meta = readMeta(doc)
    expect(meta.columns).toEqual(DEFAULT_TEMPLATE.columns)
    expect(meta.tags).toEqual(DEFAULT_TEMPLATE.tags)
    expect(meta.title).toBe('')
    expect(meta.locked).toBe(false)
  })
})
