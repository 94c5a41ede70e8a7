import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAsReceived } from './syncAsReceived'

const SERVER = { name: 'server' }

/** A document with `n` entries, as the server would send it whole. */
function serverUpdate(n: number, from = new Y.Doc()): Uint8Array {
  from.transact(() => {
    for (let i = 0; i < n; i++) from.getMap('notes').set(`n${i}`, `note ${i}`)
  })
  return Y.encodeStateAsUpdate(from)
}

describe('applyAsReceived: the server’s updates without Yjs encoding them again', () => {
  it('hands the update’s own bytes to the update listeners, with the origin', () => {
    const doc = new Y.Doc()
    const seen: Array<{ update: Uint8Array; origin: unknown }> = []
    doc.on('update', (update: Uint8Array, origin: unknown) => seen.push({ update, origin }))
    const update = serverUpdate(50)
    applyAsReceived(doc, update, SERVER)
    expect(doc.getMap('notes').size).toBe(50)
    expect(seen).toHaveLength(1)
    expect(seen[0]!.update).toBe(update)
    expect(seen[0]!.origin).toBe(SERVER)
  })

  it('hands an update read out of a larger message over as a copy of its own bytes', () => {
    const doc = new Y.Doc()
    const seen: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => seen.push(update))
    const update = serverUpdate(5)
    const message = new Uint8Array(update.length + 3)
    message.set(update, 3)
    applyAsReceived(doc, message.subarray(3), SERVER)
    expect(seen).toHaveLength(1)
    expect(seen[0]!.buffer.byteLength).toBe(update.length)
    expect([...seen[0]!]).toEqual([...update])
  })

  it('tells nothing of an update that changed nothing', () => {
    const doc = new Y.Doc()
    const update = serverUpdate(3)
    applyAsReceived(doc, update, SERVER)
    let calls = 0
    doc.on('update', () => calls++)
    applyAsReceived(doc, update, SERVER)
    expect(calls).toBe(0)
  })

  it('lets a transaction written while the update is taken in reach the listeners as Yjs encodes it', () => {
    const doc = new Y.Doc()
    const copy = new Y.Doc()
    const origins: unknown[] = []
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      origins.push(origin)
      Y.applyUpdate(copy, update)
    })
    // As the canvas does: a correction written from an observer of the server's transaction.
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === SERVER) doc.transact(() => doc.getMap('notes').set('n1', 'moved'), 'canvas')
    })
    applyAsReceived(doc, serverUpdate(5), SERVER)
    expect(origins).toEqual(['canvas', SERVER])
    // Every change reached the listeners: a copy made of what they got is the same document.
    expect(copy.getMap('notes').toJSON()).toEqual(doc.getMap('notes').toJSON())
    expect(copy.getMap('notes').get('n1')).toBe('moved')
    // The listeners are back for the writes that follow.
    doc.getMap('notes').set('n2', 'later')
    expect(origins.at(-1)).toBe(null)
    expect(copy.getMap('notes').get('n2')).toBe('later')
  })

  it('keeps structs that wait for others in what the listeners get', () => {
    const source = new Y.Doc()
    const first = serverUpdate(2, source)
    const before = Y.encodeStateVector(source)
    source.getMap('notes').set('n9', 'after')
    const second = Y.encodeStateAsUpdate(source, before)
    const doc = new Y.Doc()
    const got: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => got.push(u))
    applyAsReceived(doc, second, SERVER)
    applyAsReceived(doc, first, SERVER)
    expect(doc.getMap('notes').get('n9')).toBe('after')
    const copy = new Y.Doc()
    for (const u of got) Y.applyUpdate(copy, u)
    expect(copy.getMap('notes').toJSON()).toEqual(doc.getMap('notes').toJSON())
  })

  it('within another transaction, applies the update as Y.applyUpdate does', () => {
    const doc = new Y.Doc()
    const seen: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => seen.push(origin))
    doc.transact(() => applyAsReceived(doc, serverUpdate(2), SERVER), 'outer')
    expect(doc.getMap('notes').size).toBe(2)
    expect(seen).toEqual(['outer'])
  })
})
