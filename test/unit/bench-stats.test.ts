import { describe, expect, it } from 'vitest'
import { matchLatencies, median, percentile } from '../bench/stats'
import { countOps, traceShifts } from '../bench/traceOps'

describe('benchmark statistics', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [[5], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('percentile(%j, %d) = %d', (xs, p, want) => {
    expect(percentile(xs, p)).toBe(want)
  })

  it('median of even and odd counts, ignoring NaN', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([Number.NaN, 7])).toBe(7)
  })

  it('matches each edit to its first arrival at every other client of its board', () => {
    const sends: [string, string, number][] = [
      ['b', 'n1', 100],
      ['b', 'n1', 200],
      ['b', 'n2', 150],
    ]
    const latencies = matchLatencies(sends, [
      // the sender of everything: observes nothing remotely
      { board: 'b', obs: [] },
      // saw both moves of n1 and n2
      {
        board: 'b',
        obs: [
          ['n1', 100, 103],
          ['n2', 150, 160],
          ['n1', 200, 201],
        ],
      },
      // saw only the later state of n1 (the first move is included in it) and not n2
      { board: 'b', obs: [['n1', 200, 230]] },
      // another board's client expects nothing
      { board: 'other', obs: [] },
    ])
    expect(latencies.expected).toBe(6)
    expect(latencies.delivered).toBe(5)
    expect(latencies.lost).toBe(1)
    expect(latencies.first.sort((a, b) => a - b)).toEqual([1, 3, 10])
    expect(latencies.every.sort((a, b) => a - b)).toEqual([1, 3, 10, 30, 130])
    expect(latencies.late).toBe(0)
  })

  it('counts deliveries that arrived after a deadline as late, apart from the lost', () => {
    const sends: [string, string, number][] = [
      ['b', 'n1', 100],
      ['b', 'n2', 150],
      ['b', 'n3', 160],
    ]
    const latencies = matchLatencies(
      sends,
      [
        { board: 'b', obs: [] },
        {
          board: 'b',
          obs: [
            ['n1', 100, 110],
            ['n2', 150, 900],
          ],
        },
      ],
      500,
    )
    expect(latencies.delivered).toBe(2)
    expect(latencies.late).toBe(1)
    expect(latencies.lost).toBe(1)
  })
})

describe('session trace operations', () => {
  const size = {
    people: 9,
    connectedAtOnce: 3,
    notes: 30,
    moves: 120,
    textEdits: 20,
    retags: 10,
    deletes: 3,
  }

  it('has the requested counts, in shifts of people, each op on a note created before it', () => {
    const shifts = traceShifts(size, 7)
    expect(shifts.map((s) => s.people)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ])
    expect(countOps(shifts)).toEqual({ create: 30, move: 120, text: 20, retag: 10, delete: 3 })
    const made = new Set<number>()
    const deleted = new Set<number>()
    for (const s of shifts) {
      for (const op of s.ops) {
        expect(s.people).toContain(op.actor)
        if (op.kind === 'create') made.add(op.note)
        else {
          expect(made.has(op.note)).toBe(true)
          expect(deleted.has(op.note)).toBe(false)
          if (op.kind === 'delete') deleted.add(op.note)
        }
      }
    }
  })

  it('is the same for the same seed', () => {
    expect(traceShifts(size, 3)).toEqual(traceShifts(size, 3))
  })
})
