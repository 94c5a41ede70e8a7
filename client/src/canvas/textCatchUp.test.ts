import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TEXT_CATCH_UP_MAX_MS, TEXT_CATCH_UP_MS, TextCatchUp } from './textCatchUp'

describe('the shapes’ text catching up with people typing', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('writes once, a pause after the last keystroke, every note that lagged', () => {
    const writes: string[][] = []
    const c = new TextCatchUp(
      (ids) => writes.push(ids),
      () => Date.now(),
    )
    for (let i = 0; i < 5; i++) {
      c.add(i % 2 ? 'a' : 'b')
      vi.advanceTimersByTime(TEXT_CATCH_UP_MS / 2)
    }
    expect(writes).toEqual([])
    vi.advanceTimersByTime(TEXT_CATCH_UP_MS)
    expect(writes.map((w) => [...w].sort())).toEqual([['a', 'b']])
    expect(c.size).toBe(0)
  })

  it('writes at most a few seconds after the first while someone keeps typing', () => {
    const writes: string[][] = []
    const c = new TextCatchUp(
      (ids) => writes.push(ids),
      () => Date.now(),
    )
    const every = TEXT_CATCH_UP_MS / 4
    for (let t = 0; t <= TEXT_CATCH_UP_MAX_MS; t += every) {
      c.add('a')
      vi.advanceTimersByTime(every)
    }
    expect(writes.length).toBeGreaterThanOrEqual(1)
  })

  it('forgets a note written whole meanwhile, and writes nothing when none lags', () => {
    const writes: string[][] = []
    const c = new TextCatchUp((ids) => writes.push(ids))
    c.add('a')
    c.delete('a')
    vi.advanceTimersByTime(TEXT_CATCH_UP_MAX_MS)
    c.flush()
    expect(writes).toEqual([])
  })
})
