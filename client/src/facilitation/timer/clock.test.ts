import { describe, expect, it } from 'vitest'
import { CUE_TEXT, cueBetween, ONE_MINUTE } from './announce'
import { addSample, bestOffset, formatRemaining, KEPT_SAMPLES, spokenRemaining } from './clock'
import { parseMinutes } from './TimerControls'

describe('[F8.1] clock offset from samples', () => {
  const server = 10_000_000
  it('keeps the sample with the smallest round trip', () => {
    // Local clock 7 minutes ahead of the server.
    const ahead = 7 * 60_000
    const samples = [
      // 400 ms round trip, answer read late: off by up to 200 ms.
      { sentAt: server + ahead - 100, serverTime: server + 250, receivedAt: server + ahead + 300 },
      // 20 ms round trip.
      { sentAt: server + ahead - 10, serverTime: server, receivedAt: server + ahead + 10 },
    ]
    expect(bestOffset(samples)).toBe(-ahead)
  })
  it('ignores samples that cannot be right, and has no offset without samples', () => {
    expect(bestOffset([])).toBeNull()
    expect(bestOffset([{ sentAt: 10, serverTime: 5, receivedAt: 9 }])).toBeNull()
    expect(bestOffset([{ sentAt: 10, serverTime: Number.NaN, receivedAt: 12 }])).toBeNull()
  })
  it('keeps only recent samples', () => {
    let s = [{ sentAt: 0, serverTime: 5, receivedAt: 0 }]
    for (let i = 1; i <= KEPT_SAMPLES; i++)
      s = addSample(s, { sentAt: i, serverTime: 0, receivedAt: i + 50 })
    expect(s).toHaveLength(KEPT_SAMPLES)
    // The 0 ms round trip fell out of the window.
    expect(bestOffset(s)).not.toBe(5)
  })
})

describe('timer display', () => {
  it.each([
    [300_000, '5:00'],
    [299_001, '5:00'],
    [299_000, '4:59'],
    [9_000, '0:09'],
    [1, '0:01'],
    [0, '0:00'],
    [-5, '0:00'],
    [3_720_000, '1:02:00'],
  ])('%i ms shows %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text)
  })
  it('speaks minutes and seconds', () => {
    expect(spokenRemaining(65_000)).toBe('1 minute 5 seconds')
    expect(spokenRemaining(120_000)).toBe('2 minutes')
    expect(spokenRemaining(0)).toBe('0 seconds')
  })
  it.each([
    ['5', 300_000],
    ['0.5', 30_000],
    ['2,5', 150_000],
    ['0', null],
    ['-1', null],
    ['abc', null],
    ['181', null],
  ])('custom minutes %s', (text, ms) => {
    expect(parseMinutes(text)).toBe(ms)
  })
})

describe('timer cues', () => {
  it.each([
    ['crossing one minute', 60_400, 59_900, 300_000, 'one-minute'],
    ['exactly one minute', 61_000, ONE_MINUTE, 300_000, 'one-minute'],
    ['a one-minute timer gives no one-minute cue', 60_000, 59_000, 60_000, null],
    ['the end', 400, 0, 300_000, 'ended'],
    ['already over', 0, 0, 300_000, null],
    ['nothing special', 200_000, 199_000, 300_000, null],
    ['a jump over the minute straight to the end', 90_000, 0, 300_000, 'ended'],
  ] as const)('%s', (_n, before, after, duration, cue) => {
    expect(cueBetween(before, after, duration)).toBe(cue)
  })
  it('says it in words', () => {
    expect(CUE_TEXT['one-minute']).toMatch(/minute/)
    expect(CUE_TEXT.ended).toMatch(/up/)
  })
})
