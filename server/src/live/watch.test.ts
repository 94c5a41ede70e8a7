import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Rooms } from '../rooms/Rooms'
import type { BoardRecord } from '../storage/types'
import { type LiveEvent, LiveWatch } from './watch'

/** Boards in memory with a sequence number and people, as the watch reads them. */
function fakeRooms() {
  const loaded = new Map<string, { log: { lastSeq: number }; peers: { size: number } }>()
  const rooms = { get: (id: string) => loaded.get(id) } as unknown as Rooms
  const edit = (id: string) => {
    const r = loaded.get(id) ?? { log: { lastSeq: 0 }, peers: { size: 1 } }
    r.log.lastSeq++
    loaded.set(id, r)
  }
  return { rooms, edit, unload: (id: string) => loaded.delete(id) }
}

const board = (id: string): BoardRecord => ({
  id,
  sessionId: 's',
  name: id,
  position: 0,
  createdAt: 0,
})

describe('watching a session', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('[SE4.5] a stream is sent the rooms that changed, at most once per gap however busy', () => {
    const r = fakeRooms()
    const boards = [board('a'), board('b'), board('c')]
    const watch = new LiveWatch({ rooms: r.rooms, tickMs: 100, minGapMs: 500, now: Date.now })
    const got: Array<LiveEvent & { at: number }> = []
    const from = watch.versions(boards)
    watch.stream(
      's',
      () => boards,
      from,
      (e) => got.push({ ...e, at: Date.now() }),
      () => {},
    )
    // Room a changes every 50 ms for 2 s; room b once, room c never.
    for (let i = 0; i < 40; i++) {
      r.edit('a')
      if (i === 15) r.edit('b')
      vi.advanceTimersByTime(50)
    }
    expect(got.length).toBeGreaterThanOrEqual(3)
    expect(got.length).toBeLessThanOrEqual(4)
    for (let i = 1; i < got.length; i++)
      expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(500)
    expect(got.every((e) => e.ids.join() === 'a,b,c')).toBe(true)
    const changed = got.flatMap((e) => e.changed.map((b) => b.id))
    expect(changed.filter((id) => id === 'b')).toEqual(['b'])
    expect(changed).not.toContain('c')
    // Quiet: nothing more is sent; a change after a quiet spell goes out on the next tick.
    const n = got.length
    vi.advanceTimersByTime(2000)
    expect(got).toHaveLength(n)
    r.unload('a')
    vi.advanceTimersByTime(100)
    expect(got.at(-1)!.changed.map((b) => b.id)).toEqual(['a'])
  })

  it('[SE4.3] a waiting request is answered on the tick after a change, or when its wait ends', async () => {
    const r = fakeRooms()
    const boards = [board('a')]
    const watch = new LiveWatch({ rooms: r.rooms, tickMs: 100 })
    const since = watch.versions(boards)
    const ctrl = new AbortController()
    const changed = watch.wait('s', () => boards, since, 10_000, ctrl.signal)
    vi.advanceTimersByTime(300)
    expect(watch.watching).toBe(1)
    r.edit('a')
    vi.advanceTimersByTime(100)
    await expect(changed).resolves.toBe(true)
    expect(watch.watching).toBe(0)
    const quiet = watch.wait('s', () => boards, watch.versions(boards), 1000, ctrl.signal)
    vi.advanceTimersByTime(1000)
    await expect(quiet).resolves.toBe(false)
  })

  it("[SE4.4] watchers are bounded; a session's boards are listed once every 2 s however many watch it", () => {
    const r = fakeRooms()
    const boards = [board('a')]
    let reads = 0
    const list = () => {
      reads++
      return boards
    }
    const watch = new LiveWatch({ rooms: r.rooms, tickMs: 100, maxWatchers: 3 })
    const from = watch.versions(boards)
    for (let i = 0; i < 3; i++) {
      expect(
        watch.stream(
          's',
          list,
          from,
          () => {},
          () => {},
        ),
      ).not.toBeNull()
    }
    expect(watch.full).toBe(true)
    expect(
      watch.stream(
        's',
        list,
        from,
        () => {},
        () => {},
      ),
    ).toBeNull()
    vi.advanceTimersByTime(4500)
    expect(reads).toBe(3)
    const ended: number[] = []
    const w = new LiveWatch({ rooms: r.rooms })
    w.stream(
      's',
      list,
      from,
      () => {},
      () => ended.push(1),
    )
    w.close()
    expect(ended).toEqual([1])
    expect(w.watching).toBe(0)
  })
})
