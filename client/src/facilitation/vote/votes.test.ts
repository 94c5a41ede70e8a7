import {
  type Actor,
  createNote,
  deleteNote,
  policyState,
  seedBoard,
  setText,
  setVote,
  setVotes,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardStore } from '../../board/boardStore'
import { dotsLeft, nextDots, ranking, voteSnapshot } from './votes'

function board() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Votes' })
  const a = createNote(doc, { text: 'a', column: 'what' })
  const b = createNote(doc, { text: 'b', column: 'so-what' })
  const store = new BoardStore(doc, 1000)
  /** The vote as `voter` sees it now, with the policy's state. */
  const read = (voter: string) => {
    store.flush()
    const s = store.get()
    return { s: voteSnapshot(s, voter), policy: policyState(s.meta, s.vote) }
  }
  return { doc, a, b, read }
}

const me: Actor = { role: 'participant', person: 'me' }

describe('[F8.2] dot voting as one person sees it', () => {
  it('no dots while no vote is open', () => {
    const { a, read } = board()
    const { s, policy } = read('me')
    expect(s.vote.status).toBe('none')
    expect(dotsLeft(s)).toBe(0)
    expect(nextDots(me, policy, s, a, 1)).toBeNull()
  })

  it('[F12.14] never more than N dots in all, never below none', () => {
    const { doc, a, b, read } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(doc, a, 'me', 2)
    setVotes(doc, b, 'other', 5)
    let { s, policy } = read('me')
    expect(dotsLeft(s)).toBe(1)
    expect(nextDots(me, policy, s, b, 1)).toBe(1)
    setVotes(doc, b, 'me', 1)
    ;({ s, policy } = read('me'))
    expect(dotsLeft(s)).toBe(0)
    expect(nextDots(me, policy, s, a, 1)).toBeNull()
    expect(nextDots(me, policy, s, a, -1)).toBe(1)
    expect(nextDots(me, policy, s, 'unknown', -1)).toBeNull()
    expect(s.totals.get(b)).toBe(6)
    expect(s.voters).toBe(2)
  })

  it('[F5.4] a deleted note gives its dots back and leaves the totals', () => {
    const { doc, a, b, read } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 2, round: 1 })
    setVotes(doc, a, 'me', 2)
    deleteNote(doc, a)
    const { s, policy } = read('me')
    expect(s.used).toBe(0)
    expect(dotsLeft(s)).toBe(2)
    expect(s.totals.has(a)).toBe(false)
    expect(nextDots(me, policy, s, b, 1)).toBe(1)
  })

  it('a closed vote takes no dots, and ranks notes by total', () => {
    const { doc, a, b, read } = board()
    setVotes(doc, a, 'x', 1)
    setVotes(doc, b, 'x', 2)
    setVotes(doc, b, 'y', 1)
    setVote(doc, { status: 'closed', dotsPerPerson: 3, round: 1 })
    const { s, policy } = read('x')
    const x: Actor = { role: 'participant', person: 'x' }
    expect(nextDots(x, policy, s, a, 1)).toBeNull()
    expect(nextDots(x, policy, s, a, -1)).toBeNull()
    expect(ranking(s)).toEqual([
      { noteId: b, dots: 3 },
      { noteId: a, dots: 1 },
    ])
  })

  it('an observer places no dot', () => {
    const { doc, a, read } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    const { s, policy } = read('o')
    expect(nextDots({ role: 'observer', person: 'o' }, policy, s, a, 1)).toBeNull()
  })

  it('keeps the same snapshot while only notes change (the dot controls are not drawn again)', () => {
    const { doc, a, read } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(doc, a, 'me', 1)
    const first = read('me').s
    setText(doc, a, 'someone types')
    expect(read('me').s).toBe(first)
    setVotes(doc, a, 'me', 2)
    expect(read('me').s).not.toBe(first)
  })
})
