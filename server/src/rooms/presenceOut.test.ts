import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resolveLimits } from '../config'
import { ClientIds } from './clientIds'
import { Presence } from './presence'
import { PresenceOutbox, presenceTickLoaded, presenceTickMs } from './presenceOut'

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
    expect(presenceTickLoaded({ ...l, awarenessTickMs: 0 }, 20, 10_000)).toBe(false)
  })

  it.each([
    [20, 20, false],
    [20, 400, false],
    [20, 1000, true],
    [200, 2000, false],
    [200, 2001, true],
  ])(
    '[G9] a room of %i connections on a server of %i is on the loaded beat: %s',
    (peers, server, loaded) => {
      expect(presenceTickLoaded(l, peers, server)).toBe(loaded)
    },
  )
})

describe('presence outbox', () => {
  const l = resolveLimits({})
  const TICK = 100

  /** An outbox over a real presence store, on a clock the test moves; returns its sends' times. */
  function outbox(aligned: boolean) {
    let now = 0
    let clock = 0
    const presence = new Presence(l)
    const owner = new ClientIds(null)
    const sends: number[] = []
    const box = new PresenceOutbox(
      presence,
      () => TICK,
      () => now,
      () => sends.push(now),
      () => aligned,
    )
    const move = () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 7)
      encoding.writeVarUint(e, ++clock)
      encoding.writeVarString(e, JSON.stringify({ cursor: { x: clock, y: 0 } }))
      presence.apply(encoding.toUint8Array(e), owner, now)
      box.schedule()
    }
    // The clock and the timers move together, a millisecond at a time.
    const at = (t: number) => {
      while (now < t) {
        now++
        vi.advanceTimersByTime(1)
      }
    }
    return { move, at, sends }
  }

  /**
   * A board of 20 moving 20 cursors a second (a move in any millisecond with a chance of 2 %,
   * seeded) for 60 s on a tick of `tick`: the sends and each move's wait for the send that
   * carried it.
   */
  function board(tick: number, aligned: boolean) {
    let now = 0
    let clock = 0
    const presence = new Presence(l)
    const people = Array.from({ length: 20 }, () => new ClientIds(null))
    const pending: number[] = []
    const waits: number[] = []
    let sends = 0
    const box = new PresenceOutbox(
      presence,
      () => tick,
      () => now,
      () => {
        sends++
        for (const t of pending) waits.push(now - t)
        pending.length = 0
      },
      () => aligned,
    )
    const gen = prng.create(20)
    for (; now < 60_000; now++) {
      vi.advanceTimersByTime(1)
      if (prng.real53(gen) >= 0.02) continue
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 1 + ((clock + 1) % 20))
      encoding.writeVarUint(e, ++clock)
      encoding.writeVarString(e, JSON.stringify({ cursor: { x: clock, y: 0 } }))
      presence.apply(encoding.toUint8Array(e), people[clock % 20]!, now)
      pending.push(now)
      box.schedule()
    }
    const sorted = [...waits].sort((a, b) => a - b)
    return {
      sendsPerS: sends / 60,
      medianWait: sorted[Math.floor(sorted.length / 2)],
      maxWait: sorted[sorted.length - 1],
      moves: clock,
    }
  }

  it('[G9] on its beat a loaded board sends fewer times, no change waiting longer than a tick', () => {
    for (const tick of [25, 50, 100]) {
      const leading = board(tick, false)
      const beat = board(tick, true)
      expect(beat.moves).toBe(leading.moves)
      expect(beat.sendsPerS).toBeLessThan(leading.sendsPerS * 0.95)
      expect(leading.maxWait).toBeLessThanOrEqual(tick)
      expect(beat.maxWait).toBeLessThanOrEqual(tick)
      if (process.env.TICK_FIGURES) console.log(tick, leading, beat)
    }
  })

  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('[G9] sends a change after a quiet tick at once, one within the tick at its end', () => {
    const o = outbox(false)
    o.move()
    o.at(30)
    o.move()
    o.at(100)
    o.at(250)
    o.move()
    o.at(400)
    expect(o.sends).toEqual([0, 100, 250])
  })

  it('[G9] on a loaded server, sends changes only at the ends of the room’s ticks', () => {
    const o = outbox(true)
    o.move()
    o.at(30)
    o.move()
    o.at(100)
    // Quiet for more than a tick: the change still waits for the beat (300), not sent at 250.
    o.at(250)
    o.move()
    o.at(299)
    expect(o.sends).toEqual([0, 100])
    o.at(300)
    o.at(500)
    expect(o.sends).toEqual([0, 100, 300])
  })
})
