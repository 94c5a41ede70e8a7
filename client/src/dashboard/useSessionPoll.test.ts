import { describe, expect, it } from 'vitest'
import { nextDelay, POLL_MS } from './useSessionPoll'

describe('nextDelay', () => {
  it.each([
    [0, POLL_MS],
    [1, POLL_MS * 2],
    [2, POLL_MS * 4],
    [3, 15_000],
    [40, 15_000],
  ])('after %i failures in a row waits %i ms', (failures, ms) => {
    expect(nextDelay(failures)).toBe(ms)
  })
})
