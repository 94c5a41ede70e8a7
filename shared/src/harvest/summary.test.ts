import { describe, expect, it } from 'vitest'
import type { HarvestNote } from './schema'
import { cityCounts, participantCount, summarize } from './summary'

const n = (over: Partial<HarvestNote>): HarvestNote => ({
  id: 'x',
  text: '',
  column: 'what',
  lever: null,
  kind: null,
  source: null,
  city: '',
  author: '',
  authorId: '',
  clusterId: null,
  votes: 0,
  x: 0,
  y: 0,
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T09:00:00.000Z',
  ...over,
})
const cities = (...names: string[]) => names.map((city) => n({ city }))

describe('harvest summary', () => {
  it.each([
    ['one city', cities('Nantes'), [{ name: 'Nantes', notes: 1 }]],
    [
      'case, white space, NFC and NFD spellings group as one',
      cities('Umeå', '  umeå ', 'Ume\u0061\u030a', 'UMEÅ'),
      [{ name: 'Umeå', notes: 4 }],
    ],
    [
      'the most frequent spelling names the group',
      cities('lahti', 'Lahti', 'Lahti'),
      [{ name: 'Lahti', notes: 3 }],
    ],
    [
      'a tie goes to the first spelling in code-unit order',
      cities('lahti', 'Lahti'),
      [{ name: 'Lahti', notes: 2 }],
    ],
    [
      'sorted by notes, most first, then by name',
      cities('Turku', 'Malmö', 'Leuven', 'Malmö'),
      [
        { name: 'Malmö', notes: 2 },
        { name: 'Leuven', notes: 1 },
        { name: 'Turku', notes: 1 },
      ],
    ],
    [
      'notes without a city are in no group',
      cities('', '   ', 'Rivne'),
      [{ name: 'Rivne', notes: 1 }],
    ],
    [
      'inner white space folds',
      cities('Vitoria  Gasteiz', 'vitoria gasteiz'),
      [{ name: 'Vitoria Gasteiz', notes: 2 }],
    ],
  ])('[H8.2] cities: %s', (_, notes, expected) => {
    expect(cityCounts(notes)).toEqual(expected)
  })

  it.each([
    ['distinct ids', ['a', 'b', 'a'], 2],
    ['empty ids do not count', ['', 'a', ''], 1],
    ['none', [], 0],
  ])('[H8.1] participants: %s', (_, authorIds, expected) => {
    expect(participantCount(authorIds.map((authorId) => n({ authorId })))).toBe(expected)
  })

  it('[H8.3] byColumn and byLever keep every column and lever, zeroes included', () => {
    const s = summarize(
      [
        n({ column: 'what', lever: 'l1' }),
        n({ column: 'what', lever: 'l1' }),
        n({ column: null, lever: null }),
        n({ column: 'b', lever: 'unknown' }),
      ],
      ['what', 'b'],
      ['l1', 'l2'],
    )
    expect(s.notes).toBe(4)
    expect(s.byColumn).toEqual({ what: 2, b: 1, parkingLot: 1 })
    expect(s.byLever).toEqual({
      l1: { what: 2, b: 0, parkingLot: 0, total: 2 },
      l2: { what: 0, b: 0, parkingLot: 0, total: 0 },
      untagged: { what: 0, b: 1, parkingLot: 1, total: 2 },
    })
    expect(Object.keys(s.byLever)).toEqual(['l1', 'l2', 'untagged'])
  })

  it('[H8.3] a lever id like "__proto__" is only a key', () => {
    const s = summarize([n({ lever: '__proto__' })], ['what'], ['__proto__'])
    expect(Object.keys(s.byLever)).toEqual(['__proto__', 'untagged'])
    expect(Object.getOwnPropertyDescriptor(s.byLever, '__proto__')?.value.total).toBe(1)
  })
})
