import { describe, expect, it } from 'vitest'
import { SnapshotMap } from './snapshotMap'

const entries = <K, V>(m: ReadonlyMap<K, V>) => [...m]

describe('SnapshotMap: published copies in proportion to what changed', () => {
  it('reads as a copy of the live map made then, whatever changes after', () => {
    const live = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    const first = SnapshotMap.of(live)
    live.set('b', 20)
    live.delete('c')
    live.set('d', 4)
    const second = first.next(live, ['b', 'c', 'd'])
    live.set('a', 100)
    expect(entries(first)).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    // A Map's order: the base's entries with their new values, then the added ones.
    expect(entries(second)).toEqual(
      entries(
        new Map([
          ['a', 1],
          ['b', 20],
          ['d', 4],
        ]),
      ),
    )
    expect(second.size).toBe(3)
    expect(second.get('c')).toBeUndefined()
    expect(second.has('c')).toBe(false)
    expect(second.has('d')).toBe(true)
    expect([...second.keys()]).toEqual(['a', 'b', 'd'])
    expect([...second.values()]).toEqual([1, 20, 4])
    const seen: string[] = []
    second.forEach((v, k, m) => {
      expect(m).toBe(second)
      seen.push(`${k}=${v}`)
    })
    expect(seen).toEqual(['a=1', 'b=20', 'd=4'])
  })

  it('agrees with a full copy over a seeded run of random changes', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const live = new Map<string, number>()
    for (let i = 0; i < 1000; i++) live.set(`k${i}`, i)
    let snap = SnapshotMap.of(live)
    const kept: Array<[SnapshotMap<string, number>, Array<[string, number]>]> = []
    for (let round = 0; round < 200; round++) {
      const changed: string[] = []
      for (let j = rand(20); j >= 0; j--) {
        const k = `k${rand(1200)}`
        if (rand(5) === 0) live.delete(k)
        else live.set(k, rand(1e6))
        changed.push(k)
      }
      snap = snap.next(live, changed)
      const want = new Map(live)
      expect(snap.size, `seed 7, round ${round}`).toBe(want.size)
      for (const k of changed) expect(snap.get(k)).toBe(want.get(k))
      expect(new Map(snap)).toEqual(want)
      if (round % 40 === 0) kept.push([snap, [...want]])
    }
    // Earlier copies are what they were, across the full copies made since.
    for (const [s, want] of kept) expect(new Map(s)).toEqual(new Map(want))
  })
})
