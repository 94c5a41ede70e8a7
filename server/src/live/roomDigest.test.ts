import type { NoteView } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { cut, RecentKeeper, themeFigures } from './roomDigest'

const note = (id: string, createdAt: number, text = `note ${id}`): NoteView => ({
  id,
  text,
  column: 'what',
  lever: null,
  kind: null,
  city: '',
  author: '',
  authorId: '',
  x: 0,
  y: 0,
  clusterId: null,
  createdAt,
  updatedAt: createdAt,
  deletedAt: null,
  locked: false,
  source: null,
})

describe("a room's digest", () => {
  it.each([
    ['short words stay', 'Green bonds', 20, 'Green bonds'],
    ['white space around is dropped', '  Green bonds \n', 20, 'Green bonds'],
    ['cut with an ellipsis at the limit', 'abcdefghij', 5, 'abcd…'],
    ['never inside a surrogate pair', 'abc😀def', 5, 'abc…'],
    ['a pair before the cut stays whole', 'ab😀cdef', 5, 'ab😀…'],
  ])('[SE4.2] cut: %s', (_, text, max, want) => {
    expect(cut(text, max)).toBe(want)
    expect(cut(text, max).length).toBeLessThanOrEqual(max)
  })

  it('[SE4.2] keeps the latest notes with words in one pass, whatever order they come in', () => {
    const notes = [
      note('a', 5),
      note('b', 1),
      note('c', 9),
      note('d', 9),
      note('e', 3, '   '),
      note('f', 7),
      note('g', 2),
      note('h', 8),
    ]
    for (const order of [
      notes,
      [...notes].reverse(),
      [...notes].sort((x, y) => (x.text < y.text ? -1 : 1)),
    ]) {
      const k = new RecentKeeper(4)
      for (const n of order) k.offer(n)
      // Newest first; a tie in time goes to the larger id; the blank note is not said.
      expect(k.notes().map((n) => n.id)).toEqual(['d', 'c', 'h', 'f'])
    }
  })

  it('[SE4.2] the largest themes first, then by title, empty ones last, at most a few', () => {
    const members = new Map([
      ['t1', 2],
      ['t2', 5],
      ['t3', 2],
    ])
    const themes = [
      { id: 't1', title: 'Mobility' },
      { id: 't2', title: 'Heat' },
      { id: 't3', title: 'Data' },
      { id: 't4', title: 'Empty' },
    ]
    expect(themeFigures(themes, members, 3)).toEqual([
      { id: 't2', title: 'Heat', notes: 5 },
      { id: 't3', title: 'Data', notes: 2 },
      { id: 't1', title: 'Mobility', notes: 2 },
    ])
  })
})
