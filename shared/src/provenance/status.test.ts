import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { assignToCluster, createCluster, renameCluster } from '../board/clusters'
import { createNote, deleteNote, moveNotes, purgeNote, setLever, setText } from '../board/notes'
import { notesMap, readBoard } from '../board/read'
import { NOTE } from '../schema/keys'
import { newBoard } from '../testing/board'
import { sendToBoard } from './send'
import { noteSourceStatus, SOURCE_STATUS, themeSourceStatus } from './status'

function session() {
  const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
  const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
  const docs = new Map<string, Y.Doc>([
    [a.boardId, a.doc],
    [p.boardId, p.doc],
  ])
  const lookup = (id: string) => docs.get(id) ?? null
  const n1 = createNote(a.doc, {
    text: 'Data sharing with utilities',
    column: 'what',
    city: 'Velenje',
  })
  const copyId = sendToBoard(p, a, { notes: [n1] }).notes[0]!.copyId!
  const copy = () => readBoard(p.doc).notes.find((n) => n.id === copyId)!
  return { a, p, docs, lookup, n1, copyId, copy }
}

describe('changed since sent', () => {
  it('[F11.7] a fresh copy is unchanged; an edit of the source makes it changed; a move does not', () => {
    const s = session()
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.unchanged)
    moveNotes(s.a.doc, [{ id: s.n1, x: 400, y: 600 }])
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.unchanged)
    setLever(s.a.doc, s.n1, 'finance-funding')
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.changed)
  })

  it('[F11.7] a note that is no copy has no status', () => {
    const s = session()
    const own = createNote(s.p.doc, { text: 'own', column: 'what' })
    const note = readBoard(s.p.doc).notes.find((n) => n.id === own)!
    expect(noteSourceStatus(note, 'plenary', s.lookup)).toBeNull()
  })

  it('[F11.7] a source pointing nowhere: no board, no note, a purged or a deleted note', () => {
    const s = session()
    expect(noteSourceStatus(s.copy(), 'plenary', () => null)).toBe(SOURCE_STATUS.noBoard)
    deleteNote(s.a.doc, s.n1)
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.deleted)
    purgeNote(s.a.doc, s.n1)
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.noSource)
    // A hostile source naming a note id the board never held.
    notesMap(s.p.doc).get(s.copyId)!.set(NOTE.source, { boardId: 'room-a', noteId: '__proto__' })
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.noSource)
  })

  it('[F11.7] the source board is not a board at all: the note is not there', () => {
    const s = session()
    expect(noteSourceStatus(s.copy(), 'plenary', () => new Y.Doc())).toBe(SOURCE_STATUS.noSource)
  })

  it('[F11.7] a loop: a source naming the copy own board, or naming back the copy itself', () => {
    const s = session()
    const m = notesMap(s.p.doc).get(s.copyId)!
    m.set(NOTE.source, { boardId: 'plenary', noteId: s.copyId })
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.loop)
    // A and the plenary each claim the other's note as their source.
    m.set(NOTE.source, { boardId: 'room-a', noteId: s.n1, digest: 'x' })
    notesMap(s.a.doc).get(s.n1)!.set(NOTE.source, { boardId: 'plenary', noteId: s.copyId })
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.loop)
    // Sending the looped note again is refused, and reading either board still works.
    expect(sendToBoard(s.p, s.a, { notes: [s.n1] }).notes[0]!.outcome).toBe('from-target')
    expect(readBoard(s.a.doc).notes).toHaveLength(1)
    expect(readBoard(s.p.doc).notes).toHaveLength(1)
  })

  it('[F11.7] a malformed source reads as none, so the note has no status', () => {
    const s = session()
    notesMap(s.p.doc).get(s.copyId)!.set(NOTE.source, { boardId: 7 })
    expect(s.copy().source).toBeNull()
    expect(noteSourceStatus(s.copy(), 'plenary', s.lookup)).toBeNull()
  })

  it('[F11.7] a theme copy: unchanged, changed by title or members, gone, no board, loop', () => {
    const s = session()
    const n2 = createNote(s.a.doc, { text: 'Heat maps', column: 'what' })
    const theme = createCluster(s.a.doc, {
      title: 'Data',
      column: 'what',
      x: 40,
      y: 180,
      w: 500,
      h: 300,
      noteIds: [n2],
    })
    const sent = sendToBoard(s.p, s.a, { themes: [theme] }).themes[0]!
    const source = () => readBoard(s.p.doc).clusters.find((c) => c.id === sent.copyId)!.sources[0]!
    expect(themeSourceStatus(source(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.unchanged)
    // Editing a member's words is the note's change, not the theme's.
    setText(s.a.doc, n2, 'Heat maps of every district')
    expect(themeSourceStatus(source(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.unchanged)
    assignToCluster(s.a.doc, [s.n1], theme)
    expect(themeSourceStatus(source(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.changed)
    assignToCluster(s.a.doc, [s.n1], null)
    renameCluster(s.a.doc, theme, 'Data and monitoring')
    expect(themeSourceStatus(source(), 'plenary', s.lookup)).toBe(SOURCE_STATUS.changed)
    expect(themeSourceStatus(source(), 'plenary', () => null)).toBe(SOURCE_STATUS.noBoard)
    expect(themeSourceStatus({ ...source(), clusterId: 'gone' }, 'plenary', s.lookup)).toBe(
      SOURCE_STATUS.noSource,
    )
    expect(themeSourceStatus({ ...source(), boardId: 'plenary' }, 'plenary', s.lookup)).toBe(
      SOURCE_STATUS.loop,
    )
  })
})
