/**
 * The Yjs internals the board reaches into, checked on real documents and pinned to the Yjs
 * version they were written against: a new Yjs fails the pin first, so these walks are
 * re-checked (and the pin moved) before anything relies on them.
 */

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import yjsPackage from 'yjs/package.json' with { type: 'json' }
import { createNote, setText } from '../board/notes'
import { notesMap } from '../board/read'
import { newBoard } from '../testing/board'
import {
  entryKeyOfItem,
  entryOfType,
  forEachItemIn,
  holderOf,
  mapEntryItems,
  placeOfItem,
  releaseKept,
} from './internals'

/** The clock ranges a transaction inserted, as delete-set-shaped ranges. */
function inserted(tr: Y.Transaction): [number, { clock: number; len: number }[]][] {
  const out: [number, { clock: number; len: number }[]][] = []
  tr.afterState.forEach((end, client) => {
    const start = tr.beforeState.get(client) ?? 0
    if (end > start) out.push([client, [{ clock: start, len: end - start }]])
  })
  return out
}

/** Run `f` in a transaction and hand back the transaction. */
function transaction(doc: Y.Doc, f: () => void): Y.Transaction {
  let tr: Y.Transaction | null = null
  const on = (t: Y.Transaction) => {
    tr = t
  }
  doc.on('afterTransaction', on)
  doc.transact(f)
  doc.off('afterTransaction', on)
  return tr!
}

describe('Yjs internals', () => {
  it('are those of the Yjs version they were written against', () => {
    // A different version: re-check every function of internals.ts against its source, then
    // move the pin.
    expect(yjsPackage.version).toBe('13.6.33')
  })

  it('forEachItemIn visits the items a transaction inserted, and the covered part of each', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const tr = transaction(doc, () => setText(doc, 'n1', 'hello world'))
    const seen: string[] = []
    forEachItemIn(doc, inserted(tr), (item) => {
      const content = item.content.getContent()
      seen.push(content.join(''))
    })
    // The text's splice, and the note's new updatedAt.
    expect(seen).toContain(' world')
    expect(seen.length).toBeGreaterThanOrEqual(2)

    // A range inside one item: only that part is reported.
    const text = notesMap(doc).get('n1')!.get('text') as Y.Text
    const first = text._start!
    const parts: Array<[number, number]> = []
    forEachItemIn(doc, [[first.id.client, [{ clock: first.id.clock + 1, len: 2 }]]], (_, c, l) =>
      parts.push([c - first.id.clock, l]),
    )
    expect(parts).toEqual([[1, 2]])
    // Ranges past the end of a client's structs, and unknown clients, are skipped.
    forEachItemIn(
      doc,
      [
        [first.id.client, [{ clock: 1e9, len: 1 }]],
        [424242, [{ clock: 0, len: 5 }]],
      ],
      () => {
        throw new Error('nothing to visit')
      },
    )
  })

  it('entryKeyOfItem finds the note an item belongs to, at any depth', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const tr = transaction(doc, () => setText(doc, 'n1', 'hello there'))
    const keys = new Set<string | null>()
    forEachItemIn(doc, inserted(tr), (item) => keys.add(entryKeyOfItem(item, notesMap(doc))))
    expect(keys).toEqual(new Set(['n1']))
    const boardItem = doc.getMap('board')._map.values().next().value!
    expect(entryKeyOfItem(boardItem, notesMap(doc))).toBeNull()
  })

  it('entryOfType finds the root entry that holds a nested type', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const note = notesMap(doc).get('n1')!
    const text = note.get('text') as Y.Text
    expect(entryOfType(text)).toEqual({ root: notesMap(doc), key: 'n1' })
    expect(entryOfType(note)).toEqual({ root: notesMap(doc), key: 'n1' })
    expect(entryOfType(notesMap(doc))).toEqual({ root: notesMap(doc), key: null })
    expect(entryOfType(new Y.Map())).toBeNull()
  })

  it('mapEntryItems gives each key’s current item, a removed key’s as deleted', () => {
    const doc = newBoard()
    createNote(doc, { id: 'a', text: 'a', column: 'what' })
    createNote(doc, { id: 'b', text: 'b', column: 'what' })
    notesMap(doc).delete('b')
    const items = new Map([...mapEntryItems(notesMap(doc))].map(([k, item]) => [k, item.deleted]))
    expect(items).toEqual(
      new Map([
        ['a', false],
        ['b', true],
      ]),
    )
  })

  it('placeOfItem names the root, the entry and the field an item is in', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const tr = transaction(doc, () => setText(doc, 'n1', 'hello there'))
    const places = new Set<string>()
    forEachItemIn(doc, inserted(tr), (item) => {
      const p = placeOfItem(item)
      places.add(`${p?.root === notesMap(doc)}:${p?.key}:${p?.field}`)
    })
    expect(places).toEqual(new Set(['true:n1:text', 'true:n1:updatedAt']))
    const entry = mapEntryItems(notesMap(doc)).next().value![1]
    expect(placeOfItem(entry)).toEqual({ root: notesMap(doc), key: 'n1', field: null })
  })

  it('holderOf gives the type holding a nested type and its key there', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const note = notesMap(doc).get('n1')!
    expect(holderOf(note.get('text') as Y.Text)).toEqual({ parent: note, key: 'text' })
    expect(holderOf(note)).toEqual({ parent: notesMap(doc), key: 'n1' })
    expect(holderOf(notesMap(doc))).toBeNull()
    expect(holderOf(new Y.Map())).toBeNull()
  })

  it('releaseKept lets Yjs collect what an undo manager kept', () => {
    const doc = newBoard()
    createNote(doc, { id: 'n1', text: 'hello', column: 'what' })
    const text = notesMap(doc).get('n1')!.get('text') as Y.Text
    const um = new Y.UndoManager(text)
    const tr = transaction(doc, () => text.delete(0, 5))
    const deleted: Y.Item[] = []
    Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
      if (s instanceof Y.Item) deleted.push(s)
    })
    expect(deleted.some((s) => s.keep)).toBe(true)
    for (const s of deleted) releaseKept(s)
    expect(deleted.some((s) => s.keep)).toBe(false)
    um.destroy()
  })
})
