import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { assignToCluster, createCluster, renameCluster } from '../board/clusters'
import { createNote, deleteNote, moveNotes, purgeNote, setLever, setText } from '../board/notes'
import { notesMap, readBoard } from '../board/read'
import { NOTE } from '../schema/keys'
import { newBoard } from '../testing/board'
import { boardDigests, copyStatuses } from './digests'
import { sendToBoard } from './send'
import { noteSourceStatus, SOURCE_STATUS, themeSourceStatus } from './status'

/** Two rooms and a plenary holding copies of notes and a theme of each. */
function session() {
  const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
  const b = { doc: newBoard({ title: 'Room B' }), boardId: 'room-b' }
  const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
  const docs = new Map<string, Y.Doc>([a, b, p].map((x) => [x.boardId, x.doc]))
  const a1 = createNote(a.doc, { text: 'Data sharing with utilities', column: 'what' })
  const a2 = createNote(a.doc, { text: 'Heat maps', column: 'what' })
  const b1 = createNote(b.doc, { text: 'Citizens assemblies', column: 'so-what' })
  const theme = createCluster(a.doc, {
    title: 'Data',
    column: 'what',
    x: 40,
    y: 180,
    w: 500,
    h: 300,
    noteIds: [a2],
  })
  sendToBoard(p, a, { notes: [a1], themes: [theme] })
  sendToBoard(p, b, { notes: [b1] })
  return { a, b, p, docs, a1, a2, b1, theme }
}

/** Statuses copy by copy, as the single-copy readers tell them. */
function oneByOne(p: { doc: Y.Doc; boardId: string }, lookup: (id: string) => Y.Doc | null) {
  const snap = readBoard(p.doc)
  const notes: Record<string, string> = {}
  for (const n of snap.notes) {
    if (n.source && n.deletedAt === null) notes[n.id] = noteSourceStatus(n, p.boardId, lookup)!
  }
  const themes: Record<string, unknown[]> = {}
  for (const c of snap.clusters) {
    if (c.sources.length === 0) continue
    themes[c.id] = c.sources.map((s) => ({
      boardId: s.boardId,
      clusterId: s.clusterId,
      status: themeSourceStatus(s, p.boardId, lookup),
    }))
  }
  return { notes, themes }
}

describe('statuses of every copy at once', () => {
  it('[F11.7] agree with the one-copy readers through edits, moves, deletes, purges, a missing board and loops', () => {
    const s = session()
    const digestLookup = (id: string) => {
      const d = s.docs.get(id)
      return d ? boardDigests(d) : null
    }
    const docLookup = (id: string) => s.docs.get(id) ?? null
    const steps: Array<() => void> = [
      () => {},
      () => moveNotes(s.a.doc, [{ id: s.a1, x: 400, y: 600 }]),
      () => setText(s.a.doc, s.a1, 'Data sharing with every utility'),
      () => setLever(s.b.doc, s.b1, 'democracy-participation'),
      () => assignToCluster(s.a.doc, [s.a1], s.theme),
      () => renameCluster(s.a.doc, s.theme, 'Data and monitoring'),
      () => deleteNote(s.a.doc, s.a1),
      () => purgeNote(s.a.doc, s.a2),
      () => s.docs.delete('room-b'),
      () => {
        // A hostile plenary: a copy naming the plenary itself, another naming a note that names it back.
        const copies = readBoard(s.p.doc).notes.filter((n) => n.source)
        notesMap(s.p.doc).get(copies[0]!.id)!.set(NOTE.source, { boardId: 'plenary', noteId: 'x' })
        notesMap(s.a.doc).get(s.a1)!.set(NOTE.source, { boardId: 'plenary', noteId: copies[1]!.id })
      },
    ]
    const seen = new Set<string>()
    for (const step of steps) {
      step()
      const all = copyStatuses(readBoard(s.p.doc), 'plenary', digestLookup)
      expect(all).toEqual(oneByOne(s.p, docLookup))
      for (const v of Object.values(all.notes)) seen.add(v)
      for (const t of Object.values(all.themes)) for (const x of t) seen.add(x.status)
    }
    // The walk met every status there is.
    expect([...seen].sort()).toEqual(Object.values(SOURCE_STATUS).sort())
  })

  it('[F11.7] asks for each source board once, however many copies it has', () => {
    const s = session()
    const asked: string[] = []
    copyStatuses(readBoard(s.p.doc), 'plenary', (id) => {
      asked.push(id)
      const d = s.docs.get(id)
      return d ? boardDigests(d) : null
    })
    expect(asked.sort()).toEqual(['room-a', 'room-b'])
  })

  it('[F11.4] a board digest is the same from the document or from its snapshot', () => {
    const s = session()
    const fromDoc = boardDigests(s.a.doc)
    const fromSnap = boardDigests(readBoard(s.a.doc))
    expect(fromSnap).toEqual(fromDoc)
    expect(fromDoc.notes.size).toBe(2)
    expect(fromDoc.themes.size).toBe(1)
  })
})
