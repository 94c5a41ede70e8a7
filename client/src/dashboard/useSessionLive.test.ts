import type { LiveRoom } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { mergeLive } from './useSessionLive'

describe('the live view merged', () => {
  const room = (id: string, total: number): LiveRoom => ({
    id,
    title: id,
    online: 0,
    notes: { total, byColumn: {} },
    byLever: {},
    byLeverColumn: {},
    state: { phase: null, locked: false, timer: { status: 'idle' } },
    recent: [],
    themes: [],
  })

  it('[SE4.5] the rooms sent replace theirs, the others stay, in the order the event gives', () => {
    const first = mergeLive(new Map(), { ids: ['a', 'b'], boards: [room('a', 1), room('b', 2)] })
    const next = mergeLive(first, { ids: ['a', 'b', 'p'], boards: [room('b', 3), room('p', 0)] })
    expect([...next.values()].map((r) => [r.id, r.notes.total])).toEqual([
      ['a', 1],
      ['b', 3],
      ['p', 0],
    ])
  })
})
