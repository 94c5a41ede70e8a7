import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { setLocked } from '../board/meta'
import { createNote, deleteNote, editText, moveNotes, setLever } from '../board/notes'
import { clustersMap, notesMap, readBoard, readMeta, votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { setBroadcast } from '../facilitation/session'
import { sendToBoard } from '../provenance/send'
import { freshCopy } from '../rebase/copy'
import { applyPatch, diffDocs, entriesToAdd } from '../rebase/patch'
import { ROOT } from '../schema/keys'
import { fakeClock, newBoard, replica } from '../testing/board'
import { erasedEpoch } from './epoch'
import {
  copiesOf,
  erasedIds,
  erasedMap,
  recordErased,
  removeSelected,
  selectErasure,
} from './erasure'

const has = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes).includes(Buffer.from(text, 'utf8'))

/** Two people's notes with history, a theme, dots both ways, a message naming a facilitator. */
function board() {
  const doc = newBoard({ title: 'Erasure board' })
  const now = fakeClock()
  const lea = { author: 'Léa Marchetti', city: 'Nantesville', authorId: 'u-lea' }
  const aino = { author: 'Aino Virtanen', city: 'Lahtiborg', authorId: 'u-aino' }
  const leaNotes = [
    createNote(doc, { text: 'Secret bike plan of Léa', column: 'what', ...lea }, { now }),
    createNote(doc, { text: 'Léa second thought', column: 'so-what', ...lea }, { now }),
    createNote(doc, { text: 'Léa deleted idea', column: 'now-what', ...lea }, { now }),
  ]
  const ainoNote = createNote(doc, { text: 'Aino on heat pumps', column: 'what', ...aino }, { now })
  // History: typed over many times, moved, re-tagged, soft-deleted.
  for (let i = 0; i < 20; i++) {
    editText(doc, leaNotes[0]!, { index: 0, remove: 0, insert: `draft${i} ` }, { now })
    moveNotes(doc, [{ id: leaNotes[0]!, x: 100 + i, y: 200 + i }], { now })
  }
  setLever(doc, leaNotes[1]!, 'finance-funding', { now })
  deleteNote(doc, leaNotes[2]!, { now })
  const theme = createCluster(
    doc,
    {
      title: 'Mobility',
      column: 'what',
      x: 0,
      y: 0,
      w: 500,
      h: 400,
      noteIds: [leaNotes[0]!, ainoNote],
    },
    { now },
  )
  setVotes(doc, leaNotes[0]!, 'u-aino', 2, { now })
  setVotes(doc, ainoNote, 'u-lea', 3, { now })
  setVotes(doc, ainoNote, 'u-aino', 1, { now })
  setBroadcast(doc, { message: 'Back in 5', from: 'Fatima Facilitator', at: now() }, { now })
  return { doc, leaNotes, ainoNote, theme, now }
}

describe('erasure: what it takes out', () => {
  it('[F13.2] notes by id go with their dots and theme membership; unknown ids are ignored', () => {
    const { doc, leaNotes, ainoNote, theme } = board()
    const s = selectErasure(doc, { notes: [leaNotes[0]!, 'no-such-note'] })
    expect(s.notes).toEqual([leaNotes[0]])
    removeSelected(doc, s)
    expect(notesMap(doc).has(leaNotes[0]!)).toBe(false)
    expect(votesMap(doc).has(leaNotes[0]!)).toBe(false)
    const b = readBoard(doc)
    // The theme stays with its other member; Léa's dots on Aino's note stay (not a person's erasure).
    expect(b.notes.filter((n) => n.clusterId === theme).map((n) => n.id)).toEqual([ainoNote])
    expect(b.votes.get(ainoNote)?.get('u-lea')).toBe(3)
  })

  it('[F13.3] a person: every note of theirs, soft-deleted ones too, and their dots everywhere', () => {
    const { doc, leaNotes, ainoNote } = board()
    const s = selectErasure(doc, { authorId: 'u-lea' })
    expect(s.notes.sort()).toEqual([...leaNotes].sort())
    removeSelected(doc, s)
    const b = readBoard(doc)
    expect(b.notes.map((n) => n.id)).toEqual([ainoNote])
    expect([...(b.votes.get(ainoNote)?.entries() ?? [])]).toEqual([['u-aino', 1]])
  })

  it('[F13.4] a whole board: notes, themes, votes and the settings that name people go; settings stay', () => {
    const { doc } = board()
    setLocked(doc, true)
    removeSelected(doc, selectErasure(doc, { all: true }))
    expect(notesMap(doc).size).toBe(0)
    expect(clustersMap(doc).size).toBe(0)
    expect(votesMap(doc).size).toBe(0)
    expect(doc.getMap(ROOT.board).has('broadcast')).toBe(false)
    const meta = readMeta(doc)
    expect(meta.title).toBe('Erasure board')
    expect(meta.locked).toBe(true)
    expect(meta.columns.map((c) => c.id)).toEqual(['what', 'so-what', 'now-what'])
  })

  it('[F13.1] the record keeps ids and times, never content, and never moves a time', () => {
    const doc = newBoard()
    recordErased(doc, ['n1', 'n2'], 1000)
    recordErased(doc, ['n2', 'n3'], 2000)
    expect(erasedMap(doc).toJSON()).toEqual({ n1: 1000, n2: 1000, n3: 2000 })
    expect(erasedIds(doc)).toEqual(new Set(['n1', 'n2', 'n3']))
  })
})

describe('erasure: a new epoch that holds nothing erased', () => {
  it('[F13.5] neither the base nor the new epoch holds the words, name or city erased', () => {
    const { doc, leaNotes, ainoNote } = board()
    const before = Y.encodeStateAsUpdate(doc)
    expect(has(before, 'Secret bike plan')).toBe(true)
    expect(has(before, 'Léa Marchetti')).toBe(true)
    const r = erasedEpoch(doc, { authorId: 'u-lea' }, { now: () => 5000 })
    if (!('base' in r)) throw new Error('expected an epoch')
    for (const bytes of [r.base, r.fresh]) {
      for (const text of ['Secret bike plan', 'second thought', 'deleted idea', 'draft7', 'Léa']) {
        expect(has(bytes, text), text).toBe(false)
      }
      expect(has(bytes, 'Nantesville')).toBe(false)
      expect(has(bytes, 'Aino on heat pumps')).toBe(true)
    }
    expect(r.counts).toEqual({ notes: 3, themes: 0, dots: 2 })
    // The document given is left as it was.
    expect(notesMap(doc).size).toBe(4)
    const next = new Y.Doc()
    Y.applyUpdate(next, r.fresh)
    expect(readBoard(next).notes.map((n) => n.id)).toEqual([ainoNote])
    expect(erasedMap(next).toJSON()).toEqual(Object.fromEntries(leaNotes.map((id) => [id, 5000])))
    // The new epoch is one new client; the base is the old epoch's clients, all retired.
    expect([...Y.decodeStateVector(r.stateVector).keys()]).toHaveLength(1)
    expect(r.retired).toEqual([...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()])
    const base = new Y.Doc()
    Y.applyUpdate(base, r.base)
    expect(readBoard(base).notes.map((n) => n.id)).toEqual([ainoNote])
  })

  it('[F13.5] erased in place (consume), the document itself becomes the base', () => {
    const { doc, ainoNote } = board()
    const r = erasedEpoch(doc, { authorId: 'u-lea' }, { consume: true })
    if (!('base' in r)) throw new Error('expected an epoch')
    expect(readBoard(doc).notes.map((n) => n.id)).toEqual([ainoNote])
    const bytes = Y.encodeStateAsUpdate(doc)
    expect(bytes).toEqual(r.base)
    expect(has(bytes, 'Secret bike plan')).toBe(false)
    expect(has(r.fresh, 'Léa')).toBe(false)
  })

  it('[F13.5] an erasure that names nothing changes nothing; a lock alone still makes an epoch', () => {
    const { doc } = board()
    expect(erasedEpoch(doc, { authorId: 'u-nobody' })).toEqual({ nothing: true })
    expect(erasedEpoch(doc, { notes: ['nope'] })).toEqual({ nothing: true })
    const empty = newBoard()
    const r = erasedEpoch(empty, { all: true }, { lock: true })
    if (!('fresh' in r)) throw new Error('expected an epoch')
    const next = new Y.Doc()
    Y.applyUpdate(next, r.fresh)
    expect(readMeta(next).locked).toBe(true)
  })

  it('[F13.5] a board with content the format does not know is not copied', () => {
    const { doc } = board()
    doc.getArray('elsewhere').push(['x'])
    expect(erasedEpoch(doc, { all: true })).toEqual({ uncopyable: true })
  })
})

describe('erasure: a stale device never brings it back', () => {
  /** The server's old epoch, a device that edited Léa's notes offline, and the erased epoch. */
  function scenario() {
    const b = board()
    const device = replica(b.doc)
    const now = fakeClock(Date.UTC(2026, 1, 1))
    editText(device, b.leaNotes[0]!, { index: 0, remove: 0, insert: 'Offline edit ' }, { now })
    setLever(device, b.leaNotes[1]!, 'governance-policy', { now })
    setVotes(device, b.leaNotes[0]!, 'u-device', 1, { now })
    const fresh = createNote(device, { text: 'Written offline', column: 'what' }, { now })
    const r = erasedEpoch(b.doc, { authorId: 'u-lea' })
    if (!('base' in r)) throw new Error('expected an epoch')
    const next = new Y.Doc()
    Y.applyUpdate(next, r.fresh)
    const base = new Y.Doc()
    Y.applyUpdate(base, r.base)
    return { ...b, device, next, base, fresh }
  }

  it('[F13.6] with the base: the device keeps its own new note, the erased notes stay gone', () => {
    const { device, next, base, fresh, leaNotes } = scenario()
    const mine = replica(base)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    applyPatch(next, diffDocs(base, mine))
    const ids = new Set(readBoard(next).notes.map((n) => n.id))
    expect(ids.has(fresh)).toBe(true)
    for (const id of leaNotes) {
      expect(ids.has(id)).toBe(false)
      expect(votesMap(next).has(id)).toBe(false)
    }
  })

  it('[F13.6] without a base (more than one epoch behind): added entries skip erased ids', () => {
    const { device, next, fresh, leaNotes } = scenario()
    const patch = [...entriesToAdd(device, ROOT.notes), ...entriesToAdd(device, ROOT.votes)]
    expect(patch.some((op) => op.path[1] === leaNotes[0])).toBe(true)
    applyPatch(next, patch)
    const ids = new Set(readBoard(next).notes.map((n) => n.id))
    expect(ids.has(fresh)).toBe(true)
    for (const id of leaNotes) expect(ids.has(id)).toBe(false)
  })

  it('[F13.6] a patch that sets an erased note or touches the record is skipped', () => {
    const { next, leaNotes } = scenario()
    const before = erasedMap(next).toJSON()
    const n = applyPatch(next, [
      { path: [ROOT.notes, leaNotes[0]!], set: { map: { text: { text: 'back' } } } },
      { path: [ROOT.notes, leaNotes[1]!, 'lever'], set: { v: null } },
      { path: [ROOT.erased, leaNotes[0]!], del: true },
      { path: [ROOT.erased, 'other'], set: { v: 1 } },
    ])
    expect(n).toBe(0)
    expect(notesMap(next).has(leaNotes[0]!)).toBe(false)
    expect(erasedMap(next).toJSON()).toEqual(before)
  })

  it('[F10.1] erased ids survive a later rebase', () => {
    const { next, leaNotes } = scenario()
    const again = freshCopy(next)!
    expect(erasedIds(again)).toEqual(new Set(leaNotes))
  })
})

describe('erasure reaches copies', () => {
  it('[F13.10] the copies of erased notes on another board are found by their source', () => {
    const { doc, leaNotes, ainoNote } = board()
    const plenary = newBoard({ title: 'Plenary' })
    sendToBoard(
      { boardId: 'plenary', doc: plenary },
      { boardId: 'room-1', doc },
      { notes: [leaNotes[0]!, ainoNote] },
    )
    const copies = copiesOf(plenary, 'room-1', [leaNotes[0]!])
    expect(copies).toHaveLength(1)
    expect(readBoard(plenary).notes.find((n) => n.id === copies[0])?.text).toContain(
      'Secret bike plan',
    )
    expect(copiesOf(plenary, 'room-2', [leaNotes[0]!])).toEqual([])
    expect(copiesOf(plenary, 'room-1', [])).toEqual([])
    const r = erasedEpoch(doc, { authorId: 'u-lea' })
    if (!('notes' in r)) throw new Error('expected an epoch')
    expect(r.notes.sort()).toEqual([...leaNotes].sort())
  })
})
