import { DEFAULT_TEMPLATE, type NoteView } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { noteOrder, stepNote } from './noteOrder'

const note = (id: string, column: string | null, x: number, y: number, deleted = false) =>
  ({ id, column, x, y, deletedAt: deleted ? 1 : null }) as NoteView

describe('stepping through the notes by keyboard', () => {
  const notes = [
    note('c', 'now-what', 0, 0),
    note('b2', 'so-what', 50, 300),
    note('b1', 'so-what', 900, 200),
    note('a', 'what', 10, 10),
    note('p', null, 0, 0),
    note('gone', 'what', 0, 0, true),
  ]
  const order = noteOrder(notes, DEFAULT_TEMPLATE.columns)

  it('[F3.9] goes column by column, then top to bottom, the parking lot last, deleted notes left out', () => {
    expect(order.map((n) => n.id)).toEqual(['a', 'b1', 'b2', 'c', 'p'])
  })

  it.each([
    [null, 1, 'a'],
    [null, -1, 'p'],
    ['a', 1, 'b1'],
    ['b2', -1, 'b1'],
    ['p', 1, 'a'],
    ['a', -1, 'p'],
    ['unknown', 1, 'a'],
  ] as const)('[F3.9] from %s by %i: %s', (from, dir, to) => {
    expect(stepNote(order, from, dir)?.id).toBe(to)
  })

  it('[F3.9] no notes, no step', () => {
    expect(stepNote([], null, 1)).toBeNull()
  })
})
