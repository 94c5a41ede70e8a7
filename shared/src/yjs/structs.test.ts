/**
 * The struct store as the server's guard reads it, on real documents (the Yjs version is pinned
 * in internals.test.ts).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createNote, purgeNote } from '../board/notes'
import { notesMap } from '../board/read'
import { NOTE } from '../schema/keys'
import { newBoard, replica } from '../testing/board'
import {
  clientState,
  conflictSteps,
  itemOfType,
  parentOf,
  rootNameOf,
  structAt,
  textLength,
  typeOfItem,
  typeRefOf,
} from './structs'

const noteText = (d: Y.Doc, id: string) =>
  (notesMap(d).get(id) as Y.Map<unknown>).get(NOTE.text) as Y.Text

describe('the struct store as the guard reads it', () => {
  it('finds a client’s state and the struct at a clock, an item or a collected one', () => {
    const doc = newBoard()
    doc.clientID = 4242
    const id = createNote(doc, { text: 'kept', column: 'what' })
    const gone = createNote(doc, { text: 'purged', column: 'what' })
    expect(clientState(doc, 4242)).toBe(Y.getState(doc.store, 4242))
    expect(clientState(doc, 1)).toBe(0)
    const note = notesMap(doc).get(id) as Y.Map<unknown>
    const item = itemOfType(note)!
    expect(structAt(doc, 4242, item.id.clock)).toBe(item)
    expect(structAt(doc, 4242, clientState(doc, 4242))).toBeNull()
    expect(structAt(doc, 1, 0)).toBeNull()
    // A purged note's fields are collected: their structs become GC structs.
    const { client, clock } = itemOfType(noteText(doc, gone))!.id
    purgeNote(doc, gone)
    const collected = structAt(doc, client, clock)!
    expect('content' in collected).toBe(false)
    expect(parentOf(collected)).toBeNull()
  })

  it('walks from an item to its parent type and root, and names each type’s kind', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'words', column: 'what' })
    const note = notesMap(doc).get(id) as Y.Map<unknown>
    const item = itemOfType(note)!
    expect(typeOfItem(item)).toBe(note)
    expect(parentOf(item)).toEqual({ type: notesMap(doc), sub: id })
    expect(itemOfType(notesMap(doc))).toBeNull()
    expect(rootNameOf(doc, notesMap(doc))).toBe('notes')
    expect(rootNameOf(doc, note)).toBeNull()
    const text = noteText(doc, id)
    expect([typeRefOf(notesMap(doc)), typeRefOf(text), typeRefOf(doc.getArray('a'))]).toEqual([
      1, 2, 0,
    ])
    expect(textLength(text)).toBe(5)
  })

  it('counts the concurrent items an insert would step over, up to a limit', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'what' })
    const text = noteText(doc, id)
    const first = text._start!
    // Ten replicas each insert after the same character, concurrently.
    for (let i = 0; i < 10; i++) {
      const r = replica(doc)
      noteText(r, id).insert(1, 'y')
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(r, Y.encodeStateVector(doc)))
    }
    const { client, clock } = first.id
    expect(conflictSteps(doc, text, null, client, clock, -1, -1, 64)).toBe(10)
    expect(conflictSteps(doc, text, null, client, clock, -1, -1, 4)).toBe(5)
    // After the last character: nothing to step over.
    let last = first
    while (last.right) last = last.right
    expect(conflictSteps(doc, text, null, last.id.client, last.id.clock, -1, -1, 64)).toBe(0)
  })
})
