import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { assignToCluster, createCluster, renameCluster } from '../board/clusters'
import { createNote, type NewNote } from '../board/notes'
import { notesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { sendToBoard } from '../provenance/send'
import { NOTE } from '../schema/keys'
import { newBoard } from '../testing/board'
import { exportHarvest } from './export'
import { saidNotes } from './ranking'
import { exportSessionHarvest } from './session'

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)
const room = (title: string, boardId: string) => ({ doc: newBoard({ title }), boardId })
const add = (doc: Y.Doc, n: Partial<NewNote> & { text: string }) =>
  createNote(doc, { column: 'what', ...n })
const harvest = (r: { doc: Y.Doc; boardId: string }) =>
  exportHarvest(r.doc, { boardId: r.boardId, now: () => T0 })

describe('ranked levers and themes', () => {
  it('[H8.5] every lever, by notes, then votes, then the board order; unused last', () => {
    const a = room('Room A', 'a')
    add(a.doc, { text: '1', lever: 'finance-funding', city: 'Lahti' })
    const two = add(a.doc, { text: '2', lever: 'social-innovation', city: 'Umeå' })
    add(a.doc, { text: '3', lever: 'social-innovation', city: ' umeå ' })
    const four = add(a.doc, { text: '4', lever: 'governance-policy' })
    add(a.doc, { text: '5', lever: 'governance-policy', city: 'Nantes' })
    setVotes(a.doc, four, 'v', 3)
    setVotes(a.doc, two, 'v', 1)
    add(a.doc, { text: 'untagged' })
    const levers = harvest(a).summary.levers
    expect(levers.map((l) => [l.id, l.notes, l.votes])).toEqual([
      ['governance-policy', 2, 3],
      ['social-innovation', 2, 1],
      ['finance-funding', 1, 0],
      ['technology-infrastructure', 0, 0],
      ['democracy-participation', 0, 0],
      ['learning-capabilities', 0, 0],
    ])
    expect(levers[1]).toMatchObject({
      label: 'Social innovation',
      cities: [{ name: 'Umeå', notes: 2 }],
      boards: [{ id: 'a', title: 'Room A', notes: 2 }],
    })
  })

  it('[H8.6] themes with live notes, by notes then votes then title; empty themes left out', () => {
    const a = room('Room A', 'a')
    const x = add(a.doc, { text: 'x', city: 'Lahti' })
    const y = add(a.doc, { text: 'y' })
    const z = add(a.doc, { text: 'z' })
    createCluster(a.doc, { title: 'Small', column: 'what', x: 0, y: 0, w: 1, h: 1, noteIds: [x] })
    createCluster(a.doc, { title: 'Big', column: 'what', x: 0, y: 0, w: 1, h: 1, noteIds: [y, z] })
    createCluster(a.doc, { title: 'Empty', column: 'what', x: 0, y: 0, w: 1, h: 1 })
    createCluster(a.doc, { title: 'Also small', column: 'so-what', x: 0, y: 0, w: 1, h: 1 })
    const w = add(a.doc, { text: 'w', column: 'so-what' })
    const also = harvest(a).columns[1]!.clusters[0]!.id
    assignToCluster(a.doc, [w], also)
    setVotes(a.doc, x, 'v', 2)
    const themes = harvest(a).summary.themes
    expect(themes.map((t) => [t.title, t.notes, t.votes])).toEqual([
      ['Big', 2, 0],
      ['Small', 1, 2],
      ['Also small', 1, 0],
    ])
    expect(themes[1]!.cities).toEqual([{ name: 'Lahti', notes: 1 }])
  })

  it('[H8.4] [H12.4] a note sent to the plenary counts once, in its room, with the dots of both', () => {
    const a = room('Room A', 'a')
    const p = room('Plenary', 'p')
    const n = add(a.doc, { text: 'Health first', lever: 'social-innovation', city: 'Lahti' })
    setVotes(a.doc, n, 'v', 2)
    const copy = sendToBoard(p, a, { notes: [n] }).notes[0]!.copyId!
    setVotes(p.doc, copy, 'w', 1)
    const s = exportSessionHarvest({ id: 's', title: 'S' }, [harvest(a), harvest(p)], {
      now: () => T0,
    })
    // The session's figures count the note once, where it was said [H12.2].
    expect(s.summary).toMatchObject({ notes: 1, copies: 1, participants: 0 })
    expect(s.summary.byColumn).toMatchObject({ what: 1 })
    expect(s.summary.byLever['social-innovation']).toMatchObject({ what: 1, total: 1 })
    expect(s.summary.cities).toEqual([{ name: 'Lahti', notes: 1 }])
    const lever = s.summary.levers.find((l) => l.id === 'social-innovation')!
    expect(lever).toMatchObject({
      notes: 1,
      votes: 3,
      boards: [{ id: 'a', title: 'Room A', notes: 1 }],
    })
    const said = saidNotes(s.boards)
    expect(said.notes.map((x) => [x.note.id, x.room.title, x.votes])).toEqual([[n, 'Room A', 3]])
    expect(said.of('p', copy)).toBe(said.of('a', n))
  })

  it('[H8.4] a copy whose source board is not among the boards speaks for it, named by that room', () => {
    const a = room('Room A', 'a')
    const p = room('Plenary', 'p')
    const n = add(a.doc, { text: 'Health first', lever: 'social-innovation' })
    sendToBoard(p, a, { notes: [n] })
    const said = saidNotes([harvest(p)])
    expect(said.notes.map((x) => [x.board.id, x.room])).toEqual([
      ['p', { id: 'a', title: 'Room A' }],
    ])
  })

  it('[H8.4] a loop of sources between two boards is one note, and nothing hangs', () => {
    const a = room('Room A', 'a')
    const b = room('Room B', 'b')
    const x = add(a.doc, { text: 'x', lever: 'finance-funding' })
    const y = add(b.doc, { text: 'y', lever: 'finance-funding' })
    notesMap(a.doc).get(x)!.set(NOTE.source, { boardId: 'b', noteId: y })
    notesMap(b.doc).get(y)!.set(NOTE.source, { boardId: 'a', noteId: x })
    const s = exportSessionHarvest({ id: 's', title: 'S' }, [harvest(a), harvest(b)], {
      now: () => T0,
    })
    expect(s.summary.levers.find((l) => l.id === 'finance-funding')!.notes).toBe(1)
  })

  it('[H8.6] [H12.4] themes of one title in two rooms, and a theme with its copy, are one common theme', () => {
    const a = room('Room A', 'a')
    const b = room('Room B', 'b')
    const p = room('Plenary', 'p')
    const a1 = add(a.doc, { text: 'a1', city: 'Lahti' })
    const a2 = add(a.doc, { text: 'a2', city: 'Umeå' })
    const b1 = add(b.doc, { text: 'b1', city: 'Nantes' })
    const ta = createCluster(a.doc, {
      title: 'Funding gaps',
      column: 'what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: [a1, a2],
    })
    createCluster(b.doc, {
      title: ' funding  GAPS',
      column: 'what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: [b1],
    })
    const sent = sendToBoard(p, a, { themes: [ta] }).themes[0]!
    // The plenary renames its copy: still the same theme, through its source.
    renameCluster(p.doc, sent.copyId!, 'Money we lack')
    const s = exportSessionHarvest({ id: 's', title: 'S' }, [harvest(a), harvest(b), harvest(p)], {
      now: () => T0,
    })
    expect(s.summary.themes).toHaveLength(1)
    expect(s.summary.themes[0]).toMatchObject({ title: 'Funding gaps', notes: 3 })
    expect(s.summary.themes[0]!.boards.map((x) => x.id)).toEqual(['a', 'b', 'p'])
    expect(s.summary.themes[0]!.cities.map((c) => c.name).sort()).toEqual([
      'Lahti',
      'Nantes',
      'Umeå',
    ])
  })

  it('[H8.6] an empty frame of the same title in another room is not named as a room of the theme', () => {
    const a = room('Room A', 'a')
    const b = room('Room B', 'b')
    const n = add(a.doc, { text: 'n' })
    createCluster(a.doc, { title: 'Health', column: 'what', x: 0, y: 0, w: 1, h: 1, noteIds: [n] })
    createCluster(b.doc, { title: 'health', column: 'what', x: 0, y: 0, w: 1, h: 1 })
    const s = exportSessionHarvest({ id: 's', title: 'S' }, [harvest(a), harvest(b)], {
      now: () => T0,
    })
    expect(s.summary.themes.map((t) => t.boards.map((x) => x.id))).toEqual([['a']])
  })
})
