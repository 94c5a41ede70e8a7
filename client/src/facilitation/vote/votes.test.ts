import { createNote, deleteNote, seedBoard, setVote, setVotes } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dotsLeft, nextDots, ranking, readVoteSnapshot } from './votes'

function board() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Votes' })
  const a = createNote(doc, { text: 'a', column: 'what' })
  const b = createNote(doc, { text: 'b', column: 'so-what' })
  return { doc, a, b }
}

describe('[F8.2] dot voting as one person sees it', () => {
  it('no dots while no vote is open', () => {
    const { doc, a } = board()
    const s = readVoteSnapshot(doc, 'me')
    expect(s.vote.status).toBe('none')
    expect(dotsLeft(s)).toBe(0)
    expect(nextDots(s, a, 1)).toBeNull()
  })
  it('never more than N dots in all, never below none', () => {
    const { doc, a, b } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(doc, a, 'me', 2)
    setVotes(doc, b, 'other', 5)
    let s = readVoteSnapshot(doc, 'me')
    expect(dotsLeft(s)).toBe(1)
    expect(nextDots(s, b, 1)).toBe(1)
    setVotes(doc, b, 'me', 1)
    s = readVoteSnapshot(doc, 'me')
    expect(dotsLeft(s)).toBe(0)
    expect(nextDots(s, a, 1)).toBeNull()
    expect(nextDots(s, a, -1)).toBe(1)
    expect(nextDots(s, 'unknown', -1)).toBeNull()
    expect(s.totals.get(b)).toBe(6)
    expect(s.voters).toBe(2)
  })
  it('a deleted note gives its dots back and leaves the totals', () => {
    const { doc, a } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 2, round: 1 })
    setVotes(doc, a, 'me', 2)
    deleteNote(doc, a)
    const s = readVoteSnapshot(doc, 'me')
    expect(s.used).toBe(0)
    expect(s.totals.has(a)).toBe(false)
  })
  it('a closed vote takes no dots, and ranks notes by total', () => {
    const { doc, a, b } = board()
    setVotes(doc, a, 'x', 1)
    setVotes(doc, b, 'x', 2)
    setVotes(doc, b, 'y', 1)
    setVote(doc, { status: 'closed', dotsPerPerson: 3, round: 1 })
    const s = readVoteSnapshot(doc, 'x')
    expect(nextDots(s, a, 1)).toBeNull()
    expect(nextDots(s, a, -1)).toBeNull()
    expect(ranking(s)).toEqual([
      { noteId: b, dots: 3 },
      { noteId: a, dots: 1 },
    ])
  })
})
