import { describe, expect, it } from 'vitest'
import { resolveLimits } from '../config'
import { presenceTickMs } from './presenceOut'

describe('presence tick', () => {
  const l = resolveLimits({})
  it.each([
    [1, 10],
    [8, 10],
    [33, 10],
    [50, 15],
    [60, 18],
    [100, 30],
    [160, 48],
    [200, 50],
    [2000, 50],
  ])('[G9] a room of %i connections coalesces its presence over %i ms', (peers, tick) => {
    expect(presenceTickMs(l, peers)).toBeCloseTo(tick, 6)
  })

  it('sends every change at once when the tick is off', () => {
    expect(presenceTickMs({ ...l, awarenessTickMs: 0 }, 200)).toBe(0)
  })
})
