import { describe, expect, it } from 'vitest'
import { mergedText, reachText } from './MergePeople'

const sofia = { id: 'p-a', name: 'Sofia', city: 'Braga' }
const answer = (boards: number, returned = 0) => ({
  from: 'p-b',
  into: 'p-a',
  notes: 2,
  dots: { moved: 1, returned },
  boards,
})

describe('what the merge form says [F14.9]', () => {
  it('[F14.9] says how far a merge reaches: this board, or every board of the session with its link', () => {
    expect(reachText('board', 'Sofia')).toBe(
      'Their notes and dots on this board become Sofia’s, within the vote’s dots per person.',
    )
    expect(reachText('session', 'Sofia')).toMatch(/^On every board of this session/)
    expect(mergedText(answer(1), sofia)).toBe('Merged: 2 notes and 1 dot are now Sofia’s.')
    expect(mergedText(answer(3, 1), sofia)).toBe(
      'Merged on 3 boards of the session: 2 notes and 1 dot are now Sofia’s. 1 dot over the vote’s limit went back.',
    )
  })
})
