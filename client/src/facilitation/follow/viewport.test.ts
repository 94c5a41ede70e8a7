import { describe, expect, it } from 'vitest'
import { followedViewport, readViewport, SUMMON_FRESH_MS, shouldFollowSummon } from './viewport'

const summon = (at: number) => ({ x: 0, y: 0, w: 100, h: 100, by: 'F', at })

describe('[F8.6] bring everyone to me', () => {
  it.each([
    ['a new summon', summon(1000), null, 1500, true],
    ['the same summon again', summon(1000), 1000, 1500, false],
    ['a newer summon', summon(2000), 1000, 2500, true],
    ['an old summon on opening', summon(1000), null, 1000 + SUMMON_FRESH_MS + 1, false],
    ['none', null, null, 1000, false],
  ] as const)('%s', (_n, s, lastAt, now, want) => {
    expect(shouldFollowSummon(s, lastAt, now)).toBe(want)
  })
})

describe('viewports in awareness', () => {
  it('reads only well-formed viewports', () => {
    expect(readViewport({ viewport: { x: 1, y: 2, w: 3, h: 4 } })).toEqual({
      x: 1,
      y: 2,
      w: 3,
      h: 4,
    })
    expect(readViewport({ viewport: { x: 1, y: 2, w: 0, h: 4 } })).toBeNull()
    expect(readViewport({ viewport: { x: '1', y: 2, w: 3, h: 4 } })).toBeNull()
    expect(readViewport({})).toBeNull()
    expect(readViewport(null)).toBeNull()
  })
  it("follows a person's viewport, never one's own", () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'me' }, viewport: { x: 0, y: 0, w: 10, h: 10 } }],
      [2, { user: { id: 'lea' }, viewport: { x: 5, y: 6, w: 7, h: 8 } }],
      [3, { user: { id: 'other' }, viewport: { x: 9, y: 9, w: 9, h: 9 } }],
    ])
    expect(followedViewport(states, 'lea', 1)).toEqual({ x: 5, y: 6, w: 7, h: 8 })
    expect(followedViewport(states, 'me', 1)).toBeNull()
    expect(followedViewport(states, 'gone', 1)).toBeNull()
  })
})
