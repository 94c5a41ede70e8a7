import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { createNote } from '../board/notes'
import { clustersMap, notesMap, readBoard } from '../board/read'
import { CLUSTER, NOTE } from '../schema/keys'
import { newBoard } from '../testing/board'
import { fnv1a64, noteDigest, readNoteSource, readThemeSources, themeDigest } from './source'

const full = {
  boardId: 'room-a',
  boardName: 'Room A',
  noteId: 'n1',
  city: 'Lahti',
  author: 'Aino',
  lever: 'finance-funding',
  column: 'so-what',
  kind: 'insight',
  votes: 3,
  sentAt: 1000,
  digest: '0123456789abcdef',
}

describe('provenance readers', () => {
  it('[F11.1] a well-formed source reads field by field', () => {
    expect(readNoteSource(full)).toEqual({ source: full })
  })

  it('[F11.3] absent or null is no source, and no report', () => {
    expect(readNoteSource(undefined)).toEqual({ source: null })
    expect(readNoteSource(null)).toEqual({ source: null })
  })

  it.each([
    ['a string', 'room-a/n1'],
    ['a number', 7],
    ['an array', [full]],
    ['no boardId', { ...full, boardId: undefined }],
    ['an empty noteId', { ...full, noteId: '' }],
    ['a boardId that is not a string', { ...full, boardId: { $ref: 'x' } }],
  ])('[F11.3] a malformed source (%s) reads as none and is reported', (_, value) => {
    expect(readNoteSource(value)).toEqual({
      source: null,
      problem: 'source is malformed, read as none',
    })
  })

  it('[F11.3] other fields of the wrong type read as empty, null or 0', () => {
    const r = readNoteSource({
      boardId: 'b',
      noteId: 'n',
      boardName: 5,
      city: null,
      lever: '',
      column: 3,
      kind: {},
      votes: -2,
      sentAt: Number.NaN,
      digest: ['x'],
    })
    expect(r.source).toEqual({
      boardId: 'b',
      boardName: '',
      noteId: 'n',
      city: '',
      author: '',
      lever: null,
      column: null,
      kind: null,
      votes: 0,
      sentAt: 0,
      digest: '',
    })
    expect(readNoteSource({ ...full, votes: 2.7 }).source!.votes).toBe(2)
  })

  it('[F11.3] theme sources: malformed entries left out and reported, duplicates once', () => {
    const good = {
      boardId: 'a',
      boardName: 'A',
      clusterId: 'c1',
      title: 'T',
      sentAt: 1,
      digest: 'd',
    }
    const r = readThemeSources([good, 'junk', { boardId: 'a' }, { ...good, title: 'again' }])
    expect(r.sources).toEqual([good])
    expect(r.problems).toEqual([
      'sources[1] is malformed, left out',
      'sources[2] is malformed, left out',
    ])
    expect(readThemeSources({ boardId: 'a' })).toEqual({
      sources: [],
      problems: ['sources is not an array, read as none'],
    })
    expect(readThemeSources(undefined)).toEqual({ sources: [], problems: [] })
  })

  it('[F11.3] [F9.2] readBoard keeps a note with a malformed source and reports it', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'kept', column: 'what' })
    notesMap(doc).get(id)!.set(NOTE.source, 'nowhere')
    const c = createCluster(doc, { title: 'T', column: 'what', x: 0, y: 0, w: 1, h: 1 })
    clustersMap(doc)
      .get(c)!
      .set(CLUSTER.sources, [{ clusterId: 'x' }])
    const b = readBoard(doc)
    expect(b.notes[0]).toMatchObject({ id, text: 'kept', source: null })
    expect(b.clusters[0]).toMatchObject({ id: c, sources: [] })
    expect(b.invalid).toEqual(
      expect.arrayContaining([
        { id, kind: 'note', reason: 'source is malformed, read as none' },
        { id: c, kind: 'cluster', reason: 'sources[0] is malformed, left out' },
      ]),
    )
  })

  it('[F11.4] FNV-1a 64 matches the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64('foobar')).toBe('85944171f73967e8')
    // Over UTF-8 bytes: "é" is two bytes, not one code unit.
    expect(fnv1a64('é')).not.toBe(fnv1a64('\u00e9'.normalize('NFD')))
  })

  it('[F11.4] the note digest changes with what a note says, not with where it lies', () => {
    const n = { text: 'x', column: 'what', lever: null, kind: null, city: 'Lahti', author: 'A' }
    const d = noteDigest(n)
    expect(d).toMatch(/^[0-9a-f]{16}$/)
    expect(noteDigest({ ...n })).toBe(d)
    for (const change of [
      { text: 'y' },
      { column: 'so-what' },
      { lever: 'l' },
      { kind: 'k' },
      { city: 'Umeå' },
      { author: 'B' },
    ]) {
      expect(noteDigest({ ...n, ...change })).not.toBe(d)
    }
  })

  it('[F11.4] the theme digest follows title and members, in any order', () => {
    expect(themeDigest('T', ['b', 'a'])).toBe(themeDigest('T', ['a', 'b']))
    expect(themeDigest('T', ['a'])).not.toBe(themeDigest('T', ['a', 'b']))
    expect(themeDigest('T2', ['a'])).not.toBe(themeDigest('T', ['a']))
  })

  it('[F11.1] a source survives a replica of the document', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'what' })
    notesMap(doc).get(id)!.set(NOTE.source, full)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(readBoard(copy).notes[0]!.source).toEqual(full)
  })
})
