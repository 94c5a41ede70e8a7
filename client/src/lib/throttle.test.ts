import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from './throttle'

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('calls at most once per interval and always delivers the last value', () => {
    let now = 0
    const calls: number[] = []
    const t = throttle(
      (v: number) => calls.push(v),
      100,
      () => now,
    )
    t(1)
    t(2)
    t(3)
    expect(calls).toEqual([1])
    now = 100
    vi.advanceTimersByTime(100)
    expect(calls).toEqual([1, 3])
    t(4)
    t.cancel()
    now = 300
    vi.advanceTimersByTime(300)
    expect(calls).toEqual([1, 3])
  })
})
