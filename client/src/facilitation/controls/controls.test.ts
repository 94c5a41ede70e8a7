import { describe, expect, it } from 'vitest'
import { draftCounts } from './draftCounts'

describe('[F8.3] drafts per person from awareness', () => {
  it('counts only, one entry per person, largest count of their tabs, most first', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u-a', name: 'Aino', city: 'Lahti' }, drafts: 2 }],
      [2, { user: { id: 'u-a', name: 'Aino', city: 'Lahti' }, drafts: 3 }],
      [3, { user: { id: 'u-b', name: 'Léa', city: 'Nantes' }, drafts: 5, text: 'never shown' }],
      [4, { user: { id: 'u-c', name: 'None' }, drafts: 0 }],
      [5, { user: { id: 'u-d' }, drafts: 'many' }],
      [6, { drafts: 4 }],
      [7, null],
    ])
    expect(draftCounts(states)).toEqual([
      { id: 'u-b', name: 'Léa', city: 'Nantes', drafts: 5 },
      { id: 'u-a', name: 'Aino', city: 'Lahti', drafts: 3 },
    ])
  })
})
