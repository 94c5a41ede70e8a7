import { describe, expect, it } from 'vitest'
import { type Pingable, PingSlices } from './pings'

function socket(slices: PingSlices) {
  const s = {
    pingSlot: slices.slotOf(),
    alive: true,
    pings: 0,
    dropped: false,
    ping() {
      s.pings++
    },
    terminate() {
      s.dropped = true
    },
  }
  return s satisfies Pingable
}

describe('liveness pings spread over the interval', () => {
  it('pings one slot of the sockets a turn, each socket once per interval', () => {
    const slices = new PingSlices(4)
    const all = Array.from({ length: 10 }, () => socket(slices))
    const counts = [0, 1, 2, 3].map((slot) => all.filter((s) => s.pingSlot === slot).length)
    expect(counts).toEqual([3, 3, 2, 2])
    slices.tick(all)
    expect(all.filter((s) => s.pings > 0).length).toBe(3)
    for (let i = 1; i < 4; i++) {
      for (const s of all) s.alive = true
      slices.tick(all)
    }
    expect(all.map((s) => s.pings)).toEqual(Array(10).fill(1))
  })

  it('drops a socket at its next turn when it did not answer, keeps one that did', () => {
    const slices = new PingSlices(3)
    const quiet = socket(slices)
    const answers = socket(slices)
    answers.pingSlot = quiet.pingSlot
    const sockets = [quiet, answers]
    expect(slices.tick(sockets)).toBe(0)
    answers.alive = true // its pong
    slices.tick(sockets)
    slices.tick(sockets)
    expect(quiet.dropped).toBe(false)
    expect(slices.tick(sockets)).toBe(0)
    expect(quiet.dropped).toBe(true)
    expect(answers.dropped).toBe(false)
    expect(answers.pings).toBe(2)
  })

  it('refuses a slice count that is not a positive integer', () => {
    expect(() => new PingSlices(0)).toThrow(RangeError)
    expect(() => new PingSlices(1.5)).toThrow(RangeError)
  })
})
