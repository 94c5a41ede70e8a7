import { describe, expect, it } from 'vitest'
import { resolveLimits } from '../config'
import { presenceTickMs } from './presenceOut'

describe('presence tick', () => {
  const l = resolveLimits({})
  it.each([
    [1, 10],
    [8, 10],
    [25, 10],
    [50, 20],
    [60, 24],
    [100, 40],
    [120, 48],
    [160, 50],
    [200, 50],
    [2000, 50],
  ])('[G9] a room of %i connections coalesces its presence over %i ms', (peers, tick) => {
    expect(presenceTickMs(l, peers)).toBeCloseTo(tick, 6)
  })

  it.each([
    // A board of 20 alone, and on a server whose 2,000 connections fit the budget.
    [20, 20, 10],
    [20, 2000, 50],
    // Past the budget, every board's tick stretches with the server's connections.
    [20, 4000, 100],
    [20, 10_000, 250],
    [60, 10_000, 250],
    [200, 10_000, 250],
    // Up to the longest.
    [20, 40_000, 500],
  ])(
    '[G9] a room of %i connections on a server of %i coalesces its presence over %i ms',
    (peers, server, tick) => {
      expect(presenceTickMs(l, peers, server)).toBeCloseTo(tick, 6)
    },
  )

  it('sends every change at once when the tick is off', () => {
    expect(presenceTickMs({ ...l, awarenessTickMs: 0 }, 200)).toBe(0)
  })
})
