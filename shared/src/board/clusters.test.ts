import { describe, expect, it } from 'vitest'
import { newBoard } from '../testing/board'
import {
  assignToCluster,
  createCluster,
  dissolveCluster,
  renameCluster,
  setClusterBounds,
} from './clusters'
import { createNote } from './notes'
import { readBoard, voteTotal } from './read'
import { dotsUsedBy, setVotes } from './votes'

describe('clusters and votes', () => {
  it('[F4.1] createCluster writes the frame and puts notes in it', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'so-what' })
    const b = createNote(doc, { text: 'b', column: 'so-what' })
    const id = createCluster(doc, {
      title: 'Finance gaps',
      column: 'so-what',
      x: 1300,
      y: 180,
      w: 500,
      h: 300,
      noteIds: [a, b],
    })
    const board = readBoard(doc)
    expect(board.clusters).toEqual([
      {
        id,
        title: 'Finance gaps',
        column: 'so-what',
        x: 1300,
        y: 180,
        w: 500,
        h: 300,
        locked: false,
        sources: [],
      },
    ])
    expect(board.notes.map((n) => n.clusterId)).toEqual([id, id])
  })

  it('[F4.2] moving a frame with its notes moves every member by the same offset', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'so-what', x: 1400, y: 300 })
    const b = createNote(doc, { text: 'b', column: 'so-what', x: 1700, y: 300 })
    const outside = createNote(doc, { text: 'c', column: 'so-what', x: 2000, y: 900 })
    const id = createCluster(doc, {
      title: 't',
      column: 'so-what',
      x: 1380,
      y: 280,
      w: 600,
      h: 260,
      noteIds: [a, b],
    })
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    setClusterBounds(doc, id, { x: 1480, y: 330 }, { moveNotes: true })
    expect(transactions).toBe(1)
    const notes = new Map(readBoard(doc).notes.map((n) => [n.id, n]))
    expect([notes.get(a)!.x, notes.get(a)!.y]).toEqual([1500, 350])
    expect([notes.get(b)!.x, notes.get(b)!.y]).toEqual([1800, 350])
    expect([notes.get(outside)!.x, notes.get(outside)!.y]).toEqual([2000, 900])
  })

  it('[F4.3] assignToCluster(null) takes notes out; [F4.4] dissolve keeps the notes', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'what' })
    const b = createNote(doc, { text: 'b', column: 'what' })
    const id = createCluster(doc, {
      title: 't',
      column: 'what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: [a, b],
    })
    assignToCluster(doc, [a], null)
    expect(readBoard(doc).notes.find((n) => n.id === a)!.clusterId).toBeNull()
    renameCluster(doc, id, 'Renamed')
    expect(readBoard(doc).clusters[0]!.title).toBe('Renamed')
    dissolveCluster(doc, id)
    const board = readBoard(doc)
    expect(board.clusters).toEqual([])
    expect(board.notes.map((n) => n.clusterId)).toEqual([null, null])
  })

  it('[F5.1] votes: whole dots per voter, 0 removes; [F5.2] totals sum voters', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'now-what' })
    const b = createNote(doc, { text: 'b', column: 'now-what' })
    setVotes(doc, a, 'v1', 2)
    setVotes(doc, a, 'v2', 1)
    setVotes(doc, b, 'v1', 1)
    expect(voteTotal(readBoard(doc).votes, a)).toBe(3)
    expect(dotsUsedBy(doc, 'v1')).toBe(3)
    setVotes(doc, a, 'v1', 0)
    expect(voteTotal(readBoard(doc).votes, a)).toBe(1)
    expect(() => setVotes(doc, a, 'v1', 1.5)).toThrow(/whole number/)
    expect(() => setVotes(doc, 'missing', 'v1', 1)).toThrow(/Unknown note/)
  })
})

describe('concurrent votes', () => {
  it('[F5.3] two people casting the first dots on a note at once both count', async () => {
    const Y = await import('yjs')
    const { replica } = await import('../testing/board')
    const a = newBoard()
    const id = createNote(a, { text: 'shared', column: 'so-what' })
    const b = replica(a)
    setVotes(a, id, 'alice', 1)
    setVotes(b, id, 'bob', 2)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(voteTotal(readBoard(a).votes, id)).toBe(3)
    expect(voteTotal(readBoard(b).votes, id)).toBe(3)
  })
})
