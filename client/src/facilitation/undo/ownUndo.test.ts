import {
  createNote,
  moveNotes,
  readBoard,
  readMeta,
  readTimer,
  seedBoard,
  setItemsLocked,
  setLever,
  setLocked,
  setText,
  setTimer,
  setVotes,
  timerTransitions,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CANVAS_ORIGIN, UI_ORIGIN } from '../../board/origins'
import { FACILITATION_ORIGIN } from '../origin'
import { OwnUndo } from './ownUndo'

function setup() {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Undo' })
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  const undo = new OwnUndo(doc, [UI_ORIGIN, CANVAS_ORIGIN])
  /** Exchange both replicas' changes, as the server would relay them. */
  const sync = () => {
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'remote')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'remote')
  }
  const note = (d: Y.Doc, id: string) => readBoard(d).notes.find((n) => n.id === id)!
  return { doc, other, undo, sync, note }
}

describe('own undo [F8.7]', () => {
  it('takes back my change only: another person edit and the lock and timer stay', () => {
    const { doc, other, undo, sync, note } = setup()
    const id = createNote(doc, { text: 'mine', column: 'what' }, { origin: FACILITATION_ORIGIN })
    sync()
    setLever(doc, id, 'finance-funding', { origin: UI_ORIGIN })
    undo.manager.stopCapturing()
    setLocked(doc, true, { origin: UI_ORIGIN })
    setTimer(doc, timerTransitions.start(60_000, 1000), { origin: UI_ORIGIN })
    moveNotes(other, [{ id, x: 321, y: 654 }])
    sync()
    expect(undo.undo()).toBe(true)
    sync()
    for (const d of [doc, other]) {
      expect(note(d, id).lever).toBeNull()
      expect([note(d, id).x, note(d, id).y]).toEqual([321, 654])
      expect(readMeta(d).locked).toBe(true)
      expect(readTimer(d).status).toBe('running')
    }
    expect(undo.redo()).toBe(true)
    expect(note(doc, id).lever).toBe('finance-funding')
  })

  it('undoing a new note deletes it softly, redo brings it back, and undo again deletes it', () => {
    const { doc, other, undo, sync, note } = setup()
    const id = createNote(doc, { text: 'oops', column: 'so-what' }, { origin: UI_ORIGIN })
    sync()
    expect(undo.canUndo()).toBe(true)
    expect(undo.undo()).toBe(true)
    sync()
    // The entry is still there (no purge), marked deleted, on both replicas.
    expect(note(other, id).deletedAt).not.toBeNull()
    expect(note(doc, id).text).toBe('oops')
    expect(undo.canRedo()).toBe(true)
    expect(undo.redo()).toBe(true)
    sync()
    expect(note(other, id).deletedAt).toBeNull()
    expect(undo.undo()).toBe(true)
    expect(note(doc, id).deletedAt).not.toBeNull()
  })

  it('text typed into a new note is undone before the note itself', () => {
    const { doc, undo, note } = setup()
    const id = createNote(doc, { column: 'what' }, { origin: UI_ORIGIN })
    setText(doc, id, 'first words', { origin: UI_ORIGIN })
    undo.undo()
    expect(note(doc, id).text).toBe('')
    expect(note(doc, id).deletedAt).toBeNull()
    undo.undo()
    expect(note(doc, id).deletedAt).not.toBeNull()
  })

  it('typing is one step, and a lever picked at once after it is a step of its own', () => {
    const { doc, undo, note } = setup()
    const id = createNote(doc, { column: 'what' }, { origin: FACILITATION_ORIGIN })
    for (const text of ['G', 'Gr', 'Gri', 'Grid']) setText(doc, id, text, { origin: UI_ORIGIN })
    setLever(doc, id, 'technology-infrastructure', { origin: UI_ORIGIN })
    undo.undo()
    expect(note(doc, id)).toMatchObject({ text: 'Grid', lever: null })
    undo.undo()
    expect(note(doc, id).text).toBe('')
    expect(undo.canUndo()).toBe(false)
  })

  it('never takes back a lock, and takes back dots', () => {
    const { doc, undo, note } = setup()
    const id = createNote(doc, { text: 'n', column: 'what' }, { origin: FACILITATION_ORIGIN })
    setVotes(doc, id, 'u-me', 2, { origin: UI_ORIGIN })
    undo.manager.stopCapturing()
    setItemsLocked(doc, { notes: [id] }, true, { origin: FACILITATION_ORIGIN })
    expect(undo.undo()).toBe(true)
    expect(note(doc, id).locked).toBe(true)
    expect(readBoard(doc).votes.get(id)?.get('u-me')).toBeUndefined()
    expect(undo.undo()).toBe(false)
  })

  it('tells which notes the next undo touches', () => {
    const { doc, undo } = setup()
    const a = createNote(doc, { text: 'a', column: 'what' }, { origin: FACILITATION_ORIGIN })
    const b = createNote(doc, { text: 'b', column: 'what' }, { origin: FACILITATION_ORIGIN })
    moveNotes(doc, [{ id: b, x: 10, y: 10 }], { origin: CANVAS_ORIGIN })
    expect([...undo.nextTouches('undo')]).toEqual([b])
    expect(undo.nextTouches('undo').has(a)).toBe(false)
  })
})
