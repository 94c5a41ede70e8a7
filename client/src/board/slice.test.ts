import { createNote, seedBoard, setText, setVote, setVotes } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { voteSlice } from '../facilitation/vote/useVotes'
import { BoardStore } from './boardStore'
import { sliceOf } from './useBoardSelector'

function board() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Test' })
  createNote(doc, { id: 'a', column: 'what', text: 'A' })
  return { doc, store: new BoardStore(doc, 1000) }
}

describe('a slice of the board’s read model (views mounted once per note)', () => {
  it('tells its subscribers of a state only when one of its parts changed', () => {
    const { doc, store } = board()
    const slice = sliceOf(store, 'timer-test', (s) => [s.timer])
    let calls = 0
    const stop = slice.subscribe(() => calls++)
    setText(doc, 'a', 'typing')
    store.flush()
    expect(calls).toBe(0)
    expect(slice.get()).toBe(store.get())
    expect(sliceOf(store, 'timer-test', (s) => [s.notes])).toBe(slice)
    stop()
    store.destroy()
  })

  it('wakes the dot controls for votes, and for notes only while a vote is on [F5.4]', () => {
    const { doc, store } = board()
    let calls = 0
    const stop = voteSlice(store).subscribe(() => calls++)
    setText(doc, 'a', 'typing, no vote')
    store.flush()
    expect(calls).toBe(0)
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    store.flush()
    expect(calls).toBe(1)
    setVotes(doc, 'a', 'u-1', 1)
    store.flush()
    expect(calls).toBe(2)
    setText(doc, 'a', 'typing while voting')
    store.flush()
    expect(calls).toBe(3)
    stop()
    store.destroy()
  })
})
