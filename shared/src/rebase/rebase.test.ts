import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { setLocked, setPhase } from '../board/meta'
import { createNote, editText, moveNotes, noteText, purgeNote, setLever } from '../board/notes'
import { notesMap, readBoard } from '../board/read'
import { setVotes } from '../board/votes'
import { exportHarvest } from '../harvest'
import { ROOT } from '../schema/keys'
import { fakeClock, newBoard, replica } from '../testing/board'
import { freshCopy, uncopyable } from './copy'
import { applyPatch, diffDocs, entriesToAdd, mergeText, type Patch } from './patch'

/** A board with history: notes moved many times, texts edited, a note purged, a theme, votes. */
function busyBoard(): Y.Doc {
  const doc = newBoard({ title: 'Rebase board' })
  const now = fakeClock()
  const ids: string[] = []
  for (let i = 0; i < 30; i++) {
    ids.push(
      createNote(
        doc,
        { text: `note ${i} — مرحبا 🌍`, column: i % 2 ? 'what' : 'so-what', city: 'Lyon' },
        { now },
      ),
    )
  }
  for (let round = 0; round < 20; round++) {
    moveNotes(
      doc,
      ids.map((id, i) => ({ id, x: 100 + i + round, y: 200 + round })),
      { now },
    )
  }
  editText(doc, ids[0]!, { index: 0, remove: 4, insert: 'post-it' }, { now })
  setLever(doc, ids[1]!, 'finance-funding', { now })
  purgeNote(doc, ids[2]!, { now })
  createCluster(
    doc,
    { title: 'Money', column: 'so-what', x: 0, y: 0, w: 400, h: 300, noteIds: [ids[1]!] },
    { now },
  )
  setVotes(doc, ids[3]!, 'voter-1', 2, { now })
  setPhase(doc, 'so-what', { now })
  setLocked(doc, true, { now })
  return doc
}

const harvestOf = (doc: Y.Doc) => exportHarvest(doc, { boardId: 'b', now: () => 0 })

describe('rebase: a fresh copy without history', () => {
  it('[F10.1] the copy reads as the same board, in far fewer bytes, written by one client', () => {
    const doc = busyBoard()
    const copy = freshCopy(doc)!
    expect(copy).not.toBeNull()
    expect(readBoard(copy)).toEqual(readBoard(doc))
    expect(harvestOf(copy)).toEqual(harvestOf(doc))
    const [before, after] = [Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(copy)]
    expect(after.length).toBeLessThan(before.length / 2)
    expect([...Y.decodeStateVector(Y.encodeStateVector(copy)).keys()]).toEqual([copy.clientID])
    // A replica of the copy is the copy.
    expect(readBoard(replica(copy))).toEqual(readBoard(doc))
  })

  it('[F10.1] formatted text and arrays are copied as they are', () => {
    const doc = newBoard()
    // Content this format never writes, through the root as a plain map.
    const root = doc.getMap<unknown>(ROOT.notes)
    const t = new Y.Text()
    root.set('rich', new Y.Map([['text', t]]))
    t.insert(0, 'bold', { bold: true })
    t.insert(4, ' plain')
    const arr = new Y.Array<unknown>()
    root.set('list', arr)
    arr.push([1, 'two', new Y.Map([['k', 'v']])])
    const copy = freshCopy(doc)!
    const copied = copy.getMap<unknown>(ROOT.notes)
    const rich = copied.get('rich') as Y.Map<unknown>
    expect((rich.get('text') as Y.Text).toDelta()).toEqual(t.toDelta())
    expect((copied.get('list') as Y.Array<unknown>).toJSON()).toEqual(arr.toJSON())
  })

  it('[F10.2] a document with a root the format does not know is not copied', () => {
    const doc = busyBoard()
    doc.getArray('somethingElse').push(['x'])
    expect(uncopyable(doc)).toMatch(/unknown root "somethingElse"/)
    expect(freshCopy(doc)).toBeNull()
    // An empty unknown root (a name some update mentioned) is no obstacle.
    const other = busyBoard()
    other.getMap('emptyRoot')
    expect(freshCopy(other)).not.toBeNull()
  })
})

describe('rebase: carrying a stale replica over', () => {
  /** The server's last state of the old epoch, a device's offline copy, and the new epoch. */
  function scenario() {
    const base = busyBoard()
    const device = replica(base)
    const next = freshCopy(base)!
    const ids = [...notesMap(base).keys()]
    return { base, device, next, ids }
  }

  it('[F10.4] new notes, moves, re-tags, text edits and deletions reach the new epoch', () => {
    const { base, device, next, ids } = scenario()
    const now = fakeClock(Date.UTC(2026, 0, 16))
    const created = createNote(device, { text: 'written offline', column: 'what' }, { now })
    moveNotes(device, [{ id: ids[5]!, x: 999, y: 888 }], { now })
    setLever(device, ids[6]!, 'governance-policy', { now })
    editText(device, ids[7]!, { index: 0, remove: 0, insert: 'Offline: ' }, { now })
    purgeNote(device, ids[8]!, { now })
    // Meanwhile, on the new epoch, somebody edits the same note's text at its end.
    const t7 = noteText(next, ids[7]!)
    t7.insert(t7.length, ' (checked)')

    const mine = replica(base)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    const patch = diffDocs(base, mine)
    expect(applyPatch(next, patch, 'rebase')).toBe(patch.length)

    const byId = new Map(readBoard(next).notes.map((n) => [n.id, n]))
    expect(byId.get(created)?.text).toBe('written offline')
    expect(byId.get(ids[5]!)).toMatchObject({ x: 999, y: 888 })
    expect(byId.get(ids[6]!)?.lever).toBe('governance-policy')
    expect(byId.get(ids[7]!)?.text).toBe(`Offline: ${noteText(base, ids[7]!)} (checked)`)
    expect(byId.has(ids[8]!)).toBe(false)
    // Nothing else changed: the rest reads as the device's board.
    const expected = readBoard(mine).notes.filter((n) => n.id !== ids[7])
    expect(readBoard(next).notes.filter((n) => n.id !== ids[7])).toEqual(expected)
  })

  it('[F10.4] a replica with nothing of its own yields an empty patch', () => {
    const { base, device } = scenario()
    const mine = replica(base)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    expect(diffDocs(base, mine)).toEqual([])
  })

  it('[F10.4] a change inside a note deleted meanwhile is dropped, as Yjs drops it', () => {
    const { base, device, next, ids } = scenario()
    setLever(device, ids[9]!, 'governance-policy')
    purgeNote(next, ids[9]!)
    const mine = replica(base)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    expect(applyPatch(next, diffDocs(base, mine))).toBe(0)
    expect(notesMap(next).has(ids[9]!)).toBe(false)
  })

  it('[F10.4] without a base, entries the new epoch lacks are added and nothing is overwritten', () => {
    const { device, next, ids } = scenario()
    const created = createNote(device, { text: 'from two epochs ago', column: 'what' })
    setLever(device, ids[3]!, 'governance-policy')
    const before = readBoard(next).notes.find((n) => n.id === ids[3])
    const patch = entriesToAdd(device, 'notes')
    expect(applyPatch(next, JSON.parse(JSON.stringify(patch)) as Patch)).toBe(1)
    const after = readBoard(next).notes
    expect(after.find((n) => n.id === created)?.text).toBe('from two epochs ago')
    expect(after.find((n) => n.id === ids[3])).toEqual(before)
  })

  it('[F10.5] a patch is plain JSON: the same after a round trip', () => {
    const { base, device, ids } = scenario()
    createNote(device, { text: 'kept across a reload', column: 'now-what' })
    editText(device, ids[4]!, { index: 1, remove: 2, insert: 'xyz' })
    const mine = replica(base)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    const patch = diffDocs(base, mine)
    const again = JSON.parse(JSON.stringify(patch)) as Patch
    const [a, b] = [freshCopy(base)!, freshCopy(base)!]
    applyPatch(a, patch)
    applyPatch(b, again)
    expect(readBoard(b)).toEqual(readBoard(a))
  })

  it('[F10.4] mergeText keeps both edits of one text, like concurrent edits', () => {
    const cases: [string, string, string, string][] = [
      // base, theirs, mine, merged
      ['hello world', 'hello world', 'hello brave world', 'hello brave world'],
      ['hello world', 'hello world!', 'Oh, hello world', 'Oh, hello world!'],
      ['abc', '', 'abcd', 'd'],
    ]
    for (const [base, theirs, mine, merged] of cases) {
      const doc = new Y.Doc()
      const t = doc.getText('t')
      t.insert(0, theirs)
      mergeText(t, base, mine)
      expect(t.toString(), `${base} | ${theirs} | ${mine}`).toBe(merged)
    }
  })
})
