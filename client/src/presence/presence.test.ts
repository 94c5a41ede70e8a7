import { describe, expect, it } from 'vitest'
import { userColor } from '../store/user'
import { cursorsToDraw, initialsOf, type Person, readPeople, uniquePeople } from './presence'

const state = (id: string, extra: Record<string, unknown> = {}) => ({
  user: { id, name: `N ${id}`, city: 'Lahti', color: '#123456', role: 'participant' },
  ...extra,
})

describe('people from awareness', () => {
  it('skips ourselves and anything malformed', () => {
    const states = new Map<number, unknown>([
      [1, state('me')],
      [2, state('a', { cursor: { x: 1, y: 2 } })],
      [3, null],
      [4, { user: 'nope' }],
      [5, { user: { name: 'no id' } }],
      [6, state('b', { cursor: { x: 'x', y: 1 }, drag: { n1: { x: 5, y: 6 }, n2: 'bad' } })],
      [7, { user: { id: 'c', color: 'url(javascript:1)', role: 'admin' } }],
    ])
    const people = readPeople(states, 1)
    expect(people.map((p) => p.id)).toEqual(['a', 'b', 'c'])
    expect(people[0]!.cursor).toEqual({ x: 1, y: 2 })
    expect(people[1]!.cursor).toBeNull()
    expect(people[1]!.drag).toEqual({ n1: { x: 5, y: 6 } })
    expect(people[2]).toMatchObject({ name: 'Someone', color: userColor('c'), role: 'participant' })
    // The colour a client sends is not taken: it is the id's, as on the person's own screen.
    expect(people[0]!.color).toBe(userColor('a'))
  })

  it.each([
    ['Dana (facilitator)', 'D'],
    ['Léa Martin', 'LM'],
    ['  aino   virtanen  kallio', 'AV'],
    ['(x) 42', 'X'],
    ['42', '?'],
    ['', '?'],
    ['Ñandú', 'Ñ'],
  ])('takes the initials of %j as %j', (name, expected) => {
    expect(initialsOf(name)).toBe(expected)
  })

  it('lists a person with two tabs once', () => {
    const people = readPeople(
      new Map([
        [2, state('a')],
        [3, state('a', { cursor: { x: 0, y: 0 } })],
      ]),
      1,
    )
    const once = uniquePeople(people)
    expect(once).toHaveLength(1)
    expect(once[0]!.cursor).toEqual({ x: 0, y: 0 })
  })

  it('draws at most 30 cursors, nearest to the middle of the view, none far outside', () => {
    const people: Person[] = Array.from({ length: 200 }, (_, i) => ({
      clientId: i,
      id: `p${i}`,
      name: `P${i}`,
      city: '',
      color: '#000',
      role: 'participant',
      cursor: { x: 500 + i * 10, y: 500 },
      drag: null,
    }))
    people.push({ ...people[0]!, clientId: 999, id: 'far', cursor: { x: 100_000, y: 0 } })
    const shown = cursorsToDraw(people, { x: 0, y: 0, w: 1000, h: 1000 })
    expect(shown).toHaveLength(30)
    expect(shown[0]!.id).toBe('p0')
    expect(shown.some((p) => p.id === 'far')).toBe(false)
  })
})
