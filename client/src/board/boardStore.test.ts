import {
  BOARD,
  boardMap,
  createCluster,
  createNote,
  deleteNote,
  NOTE,
  noteSourceOf,
  notesMap,
  RETRO_TEMPLATE,
  seedBoard,
  setItemsLocked,
  setLever,
  setText,
  setTimer,
  setVotes,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type BoardChange, BoardStore, notesTally } from './boardStore'
import { hasCopies } from './selectors'

function board() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Test' })
  createNote(doc, { id: 'a', column: 'what', text: 'A' })
  createNote(doc, { id: 'b', column: 'what', text: 'B' })
  return doc
}

describe('BoardStore, the board’s one read model', () => {
  it('reads again only the notes a change touched, so unchanged cards keep their object', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const before = store.get()
    setText(doc, 'a', 'A, edited')
    setLever(doc, 'a', 'finance-funding')
    setVotes(doc, 'b', 'u-1', 2)
    store.flush()
    const after = store.get()
    expect(after.version).toBe(before.version + 1)
    expect(after.notes.get('a')).toMatchObject({ text: 'A, edited', lever: 'finance-funding' })
    expect(after.notes.get('b')).toBe(before.notes.get('b'))
    expect(after.votes.get('b')?.get('u-1')).toBe(2)
    expect(after.clusters).toBe(before.clusters)
    expect(after.meta).toBe(before.meta)
    store.destroy()
  })

  it('tells every transaction’s entries, origin and locality to bindings at once', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const seen: BoardChange[] = []
    store.onChange((c) => seen.push(c))
    const origin = { name: 'test' }
    doc.transact(() => {
      setText(doc, 'a', 'A!')
      createCluster(doc, { id: 'c', title: 'T', column: 'what', x: 0, y: 0, w: 9, h: 9 })
    }, origin)
    expect(seen).toHaveLength(1)
    expect([...seen[0]!.notes]).toEqual(['a'])
    expect([...seen[0]!.clusters]).toEqual(['c'])
    expect(seen[0]!).toMatchObject({ board: false, schema: false, origin, local: true })
    // The current state has it before anything is published.
    expect(store.note('a')?.text).toBe('A!')
    expect(store.get().notes.get('a')?.text).toBe('A')
    setItemsLocked(doc, { clusters: ['c'] }, true)
    expect(store.lockedThemes()).toEqual(new Set(['c']))
    store.destroy()
  })

  it('keeps the settings’ object when the board map changes elsewhere (the timer), and publishes the timer', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const meta = store.get().meta
    setTimer(doc, { status: 'running', endsAt: 1000, durationMs: 1000 })
    store.flush()
    expect(store.get().meta).toBe(meta)
    expect(store.get().timer).toEqual({ status: 'running', endsAt: 1000, durationMs: 1000 })
    store.destroy()
  })

  it('reads every note again when the board’s columns change [F2.2]', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const seen: BoardChange[] = []
    store.onChange((c) => seen.push(c))
    boardMap(doc).set(BOARD.columns, RETRO_TEMPLATE.columns)
    expect(seen.at(-1)).toMatchObject({ board: true, schema: true })
    expect([...seen.at(-1)!.notes].sort()).toEqual(['a', 'b'])
    // Their column is not one of the new board's: they read as the parking lot [F9.2].
    expect(store.note('a')?.column).toBeNull()
    store.destroy()
  })

  it('reports notes other people added, not this client’s own', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const seen: string[][] = []
    store.onRemoteAdd((ids) => seen.push(ids))
    createNote(doc, { id: 'mine', column: 'what' })
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc))
    createNote(remote, { id: 'theirs', column: 'so-what', city: 'Lahti' })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote))
    store.flush()
    expect(seen).toEqual([['theirs']])
    expect(store.get().notes.has('mine')).toBe(true)
    store.destroy()
  })

  it('batches many changes into one update for subscribers', async () => {
    const doc = board()
    const store = new BoardStore(doc, 5)
    let calls = 0
    store.subscribe(() => calls++)
    for (let i = 0; i < 50; i++) createNote(doc, { column: 'now-what', text: `n${i}` })
    deleteNote(doc, 'a')
    await new Promise<void>((resolve) => store.subscribe(resolve))
    expect(calls).toBe(1)
    expect(store.get().notes.size).toBe(52)
    expect(store.get().notes.get('a')?.deletedAt).not.toBeNull()
    store.destroy()
  })

  it('wakes a note’s own followers only for transactions that touched it', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const seen: string[] = []
    const stop = store.onNote('a', () => seen.push(store.note('a')!.text))
    setText(doc, 'b', 'B, edited')
    setText(doc, 'a', 'A1')
    setLever(doc, 'a', 'finance-funding')
    expect(seen).toEqual(['A1', 'A1'])
    stop()
    setText(doc, 'a', 'A2')
    expect(seen).toHaveLength(2)
    store.destroy()
  })

  it('keeps the notes’ tally while only text changes, so counts are not taken again', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const first = notesTally(store.get().notes)
    setText(doc, 'a', 'typing')
    store.flush()
    expect(store.get().notes).not.toBe(undefined)
    expect(notesTally(store.get().notes)).toBe(first)
    setLever(doc, 'a', 'finance-funding')
    store.flush()
    const relevered = notesTally(store.get().notes)
    expect(relevered).not.toBe(first)
    deleteNote(doc, 'b')
    store.flush()
    expect(notesTally(store.get().notes)).not.toBe(relevered)
    store.destroy()
  })

  it('looks for copies from another room again only when the tally or the themes changed', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const before = store.get()
    expect(hasCopies(before)).toBe(false)
    setText(doc, 'a', 'typing')
    store.flush()
    expect(notesTally(store.get().notes)).toBe(notesTally(before.notes))
    const from = { boardId: 'b-other-room', title: 'Room 2' }
    notesMap(doc)
      .get('a')!
      .set(NOTE.source, noteSourceOf(store.note('a')!, from, 0, 1000))
    store.flush()
    expect(store.note('a')?.source).not.toBe(null)
    // A note became a copy: the tally moved, and the copy is found.
    expect(notesTally(store.get().notes)).not.toBe(notesTally(before.notes))
    expect(hasCopies(store.get())).toBe(true)
    store.destroy()
  })

  it('keeps each published state’s notes as they were, while later states take the changes', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    const states = [store.get()]
    for (const text of ['A1', 'A2', 'A3']) {
      setText(doc, 'a', text)
      store.flush()
      states.push(store.get())
    }
    deleteNote(doc, 'b')
    createNote(doc, { id: 'c', column: 'what', text: 'C' })
    store.flush()
    states.push(store.get())
    expect(states.map((s) => s.notes.get('a')?.text)).toEqual(['A', 'A1', 'A2', 'A3', 'A3'])
    expect(states.map((s) => s.notes.size)).toEqual([2, 2, 2, 2, 3])
    expect([...states[4]!.notes.keys()]).toEqual(['a', 'b', 'c'])
    expect(states[4]!.notes.get('b')?.deletedAt).not.toBe(null)
    expect(states[3]!.notes.get('b')?.deletedAt).toBe(null)
    store.destroy()
  })

  it('stops following the document once destroyed', () => {
    const doc = board()
    const store = new BoardStore(doc, 1000)
    store.destroy()
    setText(doc, 'a', 'after')
    expect(store.note('a')?.text).toBe('A')
  })
})
