import { createNote, NOTE, notesMap, seedBoard, setText } from '@sensemaking/shared'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ClientIds } from '../rooms/clientIds'
import { OutOfSyncUpdate } from '../rooms/errors'
import { captureUpdate } from '../testing/replicas'
import { type CheckContext, checkUpdate, type Verdict, type WriteCaps } from './check'
import { scanUpdate } from './scan'

const CAPS: WriteCaps = {
  maxStructs: 10_000,
  maxNotes: 50,
  maxTextUnits: 4000,
  maxValueBytes: 4096,
}

/** The server's document: a seeded board with one note written by another replica. */
function serverDoc(): Y.Doc {
  const d = new Y.Doc()
  seedBoard(d, { title: 'Guard' })
  createNote(d, { id: 'n1', text: 'hello', column: 'what' })
  return d
}

/** A replica of `doc` (a new client id). */
function replica(doc: Y.Doc, clientID?: number): Y.Doc {
  const r = new Y.Doc()
  if (clientID !== undefined) r.clientID = clientID
  Y.applyUpdate(r, Y.encodeStateAsUpdate(doc))
  return r
}

function check(doc: Y.Doc, update: Uint8Array, over: Partial<CheckContext> = {}): Verdict {
  return checkUpdate(scanUpdate(update), {
    doc,
    caps: CAPS,
    owner: new ClientIds(),
    retired: new Set(),
    maxConcurrentInserts: 32,
    ...over,
  })
}

/** A connection's ids after it wrote items under `client`. */
function idsThatWrote(client: number): ClientIds {
  const ids = new ClientIds()
  ids.wrote([client])
  return ids
}

const textOf = (d: Y.Doc, id: string) =>
  (notesMap(d).get(id) as Y.Map<unknown>).get(NOTE.text) as Y.Text

/** A GC struct of `len` clocks for `client` at `clock`, alone in an update. */
function gcUpdate(client: number, clock: number, len: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, clock)
  encoding.writeUint8(e, 0)
  encoding.writeVarUint(e, len)
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

/** `n` characters typed backwards (each at the start) into note n1's text. */
function typedBackwards(r: Y.Doc, n: number): Uint8Array {
  return captureUpdate(r, (d) => {
    for (let i = 0; i < n; i++) textOf(d, 'n1').insert(0, 'x')
  })
}

describe('checkUpdate: what a board takes [G1]', () => {
  it('lets a note, an edit and a move through, counting notes', () => {
    const doc = serverDoc()
    const r = replica(doc)
    const note = captureUpdate(r, (d) => createNote(d, { id: 'n2', text: 'new', column: 'what' }))
    expect(check(doc, note)).toEqual({ kind: 'apply', clients: [r.clientID], notes: 1 })
    Y.applyUpdate(doc, note)
    const edit = captureUpdate(r, (d) => setText(d, 'n1', 'hello there'))
    expect(check(doc, edit)).toMatchObject({ kind: 'apply', notes: 0 })
  })

  it('calls an update that adds nothing a no-op', () => {
    const doc = serverDoc()
    expect(check(doc, Y.encodeStateAsUpdate(doc))).toEqual({ kind: 'noop' })
  })

  it('holds an update whose neighbours, parent or earlier clocks the server lacks', () => {
    const doc = serverDoc()
    const r = replica(doc)
    const ups: Uint8Array[] = []
    r.on('update', (u: Uint8Array) => ups.push(u))
    createNote(r, { id: 'a', text: 'a', column: 'what' })
    setText(r, 'a', 'ab')
    const v = check(doc, ups[1]!)
    expect(v.kind).toBe('hold')
    expect(v.kind === 'hold' && [...v.waits.keys()]).toEqual([r.clientID])
  })

  it('throws OutOfSyncUpdate for a struct that runs past the end of a known range', () => {
    const doc = serverDoc()
    const r = replica(doc)
    const before = Y.encodeStateVector(doc)
    createNote(r, { id: 'a', text: 'a', column: 'what' })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(r, before))
    textOf(r, 'a').insert(1, 'bc')
    // A catch-up computed against the older state: its text struct starts inside a known range.
    const merged = new Y.Doc()
    merged.clientID = 999
    const u = Y.encodeStateAsUpdate(r, before)
    const straddling = scanUpdate(u)
    expect(straddling.blocks.length).toBe(1)
    expect(() => check(doc, u)).not.toThrow()
    // Its structs start exactly at the known end only when they were not merged; force a merge.
    const typed = new Y.Doc()
    Y.applyUpdate(typed, Y.encodeStateAsUpdate(doc))
    const t = textOf(typed, 'n1')
    const sv = Y.encodeStateVector(typed)
    t.insert(t.length, 'a')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(typed, sv))
    t.insert(t.length, 'b') // merged with 'a' in typed's store
    expect(() => check(doc, Y.encodeStateAsUpdate(typed, sv))).toThrow(OutOfSyncUpdate)
  })

  it('names a replica of a retired epoch stale', () => {
    const doc = serverDoc()
    const r = replica(doc)
    const u = captureUpdate(r, (d) => createNote(d, { id: 'x', text: 'x', column: 'what' }))
    expect(check(doc, u, { retired: new Set([r.clientID]) })).toEqual({ kind: 'stale' })
  })
})

describe('[G2] GC and Skip structs only for client ids the connection owns', () => {
  it('refuses a GC struct at another person’s next clocks', () => {
    const doc = serverDoc()
    const victim = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()][0]!
    const state = Y.getState(doc.store, victim)
    expect(check(doc, gcUpdate(victim, state, 5))).toMatchObject({
      kind: 'refuse',
      reason: 'foreign-struct',
    })
  })

  it('takes the collected fields of a note made and purged offline, sent with the note by a new connection', () => {
    const doc = serverDoc()
    const r = replica(doc)
    Y.applyUpdate(
      doc,
      captureUpdate(r, (d) => createNote(d, { text: 'online', column: 'what' })),
    )
    const sv = Y.encodeStateVector(doc)
    createNote(r, { id: 'gone', text: 'made offline', column: 'what' })
    notesMap(r).delete('gone')
    const catchUp = Y.encodeStateAsUpdate(r, sv)
    expect(scanUpdate(catchUp).gcs.length).toBeGreaterThan(0)
    expect(check(doc, catchUp)).toMatchObject({ kind: 'apply', clients: [r.clientID] })
  })

  it('takes one for a fresh client id, and for an id the connection wrote', () => {
    const doc = serverDoc()
    expect(check(doc, gcUpdate(4242, 0, 3))).toMatchObject({ kind: 'apply', clients: [4242] })
    const r = replica(doc)
    Y.applyUpdate(
      doc,
      captureUpdate(r, (d) => createNote(d, { text: 'mine', column: 'what' })),
    )
    const mine = Y.getState(doc.store, r.clientID)
    expect(
      check(doc, gcUpdate(r.clientID, mine, 2), { owner: idsThatWrote(r.clientID) }),
    ).toMatchObject({
      kind: 'apply',
    })
  })
})

describe('[G3] the shapes of board format v1', () => {
  const cases: [string, (d: Y.Doc) => void][] = [
    [
      'a nested map under a note field',
      (d) => (notesMap(d).get('n1') as Y.Map<unknown>).set(NOTE.city, new Y.Map()),
    ],
    ['a root the format does not know', (d) => d.getMap('elsewhere').set('k', 1)],
    [
      'a shared type among the board settings',
      (d) => d.getMap('board').set('title', new Y.Text('t')),
    ],
    ['a plain value as a note', (d) => (notesMap(d) as Y.Map<unknown>).set('n9', 'not a map')],
    ['an embed in a note’s text', (d) => textOf(d, 'n1').insertEmbed(0, { image: 'x' })],
    [
      'binary in a note',
      (d) => (notesMap(d).get('n1') as Y.Map<unknown>).set('blob', new Uint8Array(4)),
    ],
    ['a subdocument', (d) => (notesMap(d).get('n1') as Y.Map<unknown>).set('doc', new Y.Doc())],
  ]
  it.each(cases)('refuses %s', (_name, write) => {
    const doc = serverDoc()
    expect(check(doc, captureUpdate(replica(doc), write))).toMatchObject({
      kind: 'refuse',
      reason: 'shape',
    })
  })

  it('refuses 9,000 nested maps, without recursing through them', () => {
    const doc = serverDoc()
    const u = captureUpdate(replica(doc), (d) => {
      d.transact(() => {
        let m = notesMap(d).get('n1') as Y.Map<unknown>
        for (let i = 0; i < 9000; i++) {
          const next = new Y.Map<unknown>()
          m.set('deeper', next)
          m = next
        }
      })
    })
    expect(check(doc, u)).toMatchObject({ kind: 'refuse', reason: 'shape' })
  })

  it('takes formatted characters in a note’s text', () => {
    const doc = serverDoc()
    const u = captureUpdate(replica(doc), (d) => textOf(d, 'n1').insert(0, 'bold ', { bold: true }))
    expect(check(doc, u).kind).toBe('apply')
  })
})

describe('[G4] the format’s caps', () => {
  it('refuses a note text past the cap, counting what the text holds', () => {
    const doc = serverDoc()
    const long = captureUpdate(replica(doc), (d) => textOf(d, 'n1').insert(0, 'y'.repeat(4000)))
    expect(check(doc, long)).toMatchObject({ kind: 'refuse', reason: 'text-cap' })
    const fits = captureUpdate(replica(doc), (d) => textOf(d, 'n1').insert(0, 'y'.repeat(3990)))
    expect(check(doc, fits).kind).toBe('apply')
  })

  it('refuses more notes in one message than the cap', () => {
    const doc = serverDoc()
    const u = captureUpdate(replica(doc), (d) => {
      d.transact(() => {
        for (let i = 0; i < 51; i++) createNote(d, { text: `${i}`, column: 'what' })
      })
    })
    expect(check(doc, u)).toMatchObject({ kind: 'refuse', reason: 'note-cap' })
  })

  it('refuses a value larger than the cap', () => {
    const doc = serverDoc()
    const u = captureUpdate(replica(doc), (d) =>
      (notesMap(d).get('n1') as Y.Map<unknown>).set(NOTE.city, 'c'.repeat(5000)),
    )
    expect(check(doc, u)).toMatchObject({ kind: 'refuse', reason: 'value-cap' })
  })
})

describe('[G5] concurrent inserts at one position', () => {
  it('refuses many inserts at one position in one message', () => {
    const doc = serverDoc()
    expect(check(doc, typedBackwards(replica(doc), 100))).toMatchObject({
      kind: 'refuse',
      reason: 'concurrent-inserts',
    })
  })

  it('refuses an insert that would step over many concurrent ones already on the board', () => {
    const doc = serverDoc()
    const a = replica(doc)
    const b = replica(doc)
    // A's backwards typing reaches the board in messages under the per-message bound.
    for (let i = 0; i < 4; i++) {
      const u = typedBackwards(a, 30)
      expect(check(doc, u), `message ${i}`).toMatchObject({ kind: 'apply' })
      Y.applyUpdate(doc, u)
    }
    // B typed at the same position without seeing A: each of its inserts would step over A's.
    expect(check(doc, typedBackwards(b, 3))).toMatchObject({
      kind: 'refuse',
      reason: 'concurrent-inserts',
    })
  })

  it('takes two people typing at one spot at once', () => {
    const doc = serverDoc()
    const a = replica(doc)
    const b = replica(doc)
    const ua = captureUpdate(a, (d) => textOf(d, 'n1').insert(5, ' from a'))
    const ub = captureUpdate(b, (d) => textOf(d, 'n1').insert(5, ' from b'))
    expect(check(doc, ua).kind).toBe('apply')
    Y.applyUpdate(doc, ua)
    expect(check(doc, ub).kind).toBe('apply')
  })
})
