import { createNote, readMeta, seedBoard, setLever, setText, setVotes } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardCache } from './boardCache'

function board() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Test' })
  createNote(doc, { id: 'a', column: 'what', text: 'A' })
  createNote(doc, { id: 'b', column: 'what', text: 'B' })
  return doc
}

describe('BoardCache', () => {
  it('reads again only the notes a change touched, so unchanged cards keep their object', () => {
    const doc = board()
    const cache = new BoardCache(doc, readMeta(doc), 1000)
    const before = cache.get()
    setText(doc, 'a', 'A, edited')
    setLever(doc, 'a', 'finance-funding')
    setVotes(doc, 'b', 'u-1', 2)
    cache.flush()
    const after = cache.get()
    expect(after.version).toBe(before.version + 1)
    expect(after.notes.get('a')).toMatchObject({ text: 'A, edited', lever: 'finance-funding' })
    expect(after.notes.get('b')).toBe(before.notes.get('b'))
    expect(after.votes.get('b')?.get('u-1')).toBe(2)
    expect(after.clusters).toBe(before.clusters)
    cache.destroy()
  })

  it('reports notes other people added, not this client’s own', () => {
    const doc = board()
    const cache = new BoardCache(doc, readMeta(doc), 1000)
    const seen: string[][] = []
    cache.onRemoteAdd((ids) => seen.push(ids))
    createNote(doc, { id: 'mine', column: 'what' })
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc))
    createNote(remote, { id: 'theirs', column: 'so-what', city: 'Lahti' })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote))
    cache.flush()
    expect(seen).toEqual([['theirs']])
    expect(cache.get().notes.has('mine')).toBe(true)
    cache.destroy()
  })

  it('batches many changes into one update for subscribers', async () => {
    const doc = board()
    const cache = new BoardCache(doc, readMeta(doc), 5)
    let calls = 0
    cache.subscribe(() => calls++)
    for (let i = 0; i < 50; i++) createNote(doc, { column: 'now-what', text: `n${i}` })
    await new Promise<void>((resolve) => cache.subscribe(resolve))
    expect(calls).toBe(1)
    expect(cache.get().notes.size).toBe(52)
    cache.destroy()
  })
})
