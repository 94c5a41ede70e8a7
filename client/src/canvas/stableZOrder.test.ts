import type { TLShapeId } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { noteIndex, noteShapeId } from './mapping'
import { CLUSTER_SHAPE, COLUMN_SHAPE, NOTE_SHAPE } from './shapeTypes'
import { noteRanks, renumberNotes } from './stableZOrder'

const notes = [
  { id: 'n-c', createdAt: 3000 },
  { id: 'n-a', createdAt: 1000 },
  { id: 'n-b', createdAt: 2000 },
  { id: 'n-b2', createdAt: 2000 },
]
const entry = (id: string, type: string, index: number) => ({
  id: (type === NOTE_SHAPE ? noteShapeId(id) : `shape:${id}`) as TLShapeId,
  shape: { type },
  index,
})

describe('stable z-order of the stickies', () => {
  it('ranks every note by its tldraw order key, as tldraw orders the shapes', () => {
    const ranks = noteRanks(notes)
    const byKey = [...notes].sort((a, b) => (noteIndex(a) < noteIndex(b) ? -1 : 1))
    expect(byKey.map((n) => ranks.get(noteShapeId(n.id)))).toEqual([0, 1, 2, 3])
    expect(ranks.get(noteShapeId('n-a'))).toBe(0)
    expect(ranks.get(noteShapeId('n-c'))).toBe(3)
  })

  it("numbers the notes drawn by their rank, whichever others are drawn, and keeps tldraw's numbers for the rest", () => {
    const ranks = noteRanks(notes)
    // tldraw numbers what it draws one after another: without n-a, n-b would be 40,001.
    const drawn = [
      entry('col', COLUMN_SHAPE, 40_000),
      entry('theme', CLUSTER_SHAPE, 40_001),
      entry('n-b', NOTE_SHAPE, 40_002),
      entry('n-c', NOTE_SHAPE, 40_003),
    ]
    expect(renumberNotes(drawn, ranks, 60_000)).toBe('done')
    // n-b2 (same time, its id first in the key) ranks between n-a and n-b.
    expect(drawn.map((d) => d.index)).toEqual([40_000, 40_001, 60_002, 60_003])
    const more = [
      entry('n-a', NOTE_SHAPE, 40_000),
      entry('n-b2', NOTE_SHAPE, 40_001),
      entry('n-b', NOTE_SHAPE, 40_002),
    ]
    renumberNotes(more, ranks, 60_000)
    // n-b's number is the same whether n-a and n-b2 are drawn or not.
    expect(more.map((d) => d.index)).toEqual([60_000, 60_001, 60_002])
  })

  it('changes nothing when a drawn note has no rank, or something else lies above a note', () => {
    const ranks = noteRanks(notes)
    const unranked = [entry('n-a', NOTE_SHAPE, 40_000), entry('n-new', NOTE_SHAPE, 40_001)]
    expect(renumberNotes(unranked, ranks, 60_000)).toBe('unranked')
    expect(unranked.map((d) => d.index)).toEqual([40_000, 40_001])
    const mixed = [entry('n-a', NOTE_SHAPE, 40_000), entry('pasted', 'geo', 40_001)]
    expect(renumberNotes(mixed, ranks, 60_000)).toBe('mixed')
    expect(mixed.map((d) => d.index)).toEqual([40_000, 40_001])
  })
})
