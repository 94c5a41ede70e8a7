import { createNote, moveNotes, notesMap, seedBoard, setText } from '@sensemaking/shared'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MalformedMessage } from '../rooms/errors'
import { captureUpdate } from '../testing/replicas'
import {
  CONTENT,
  type ScannedUpdate,
  scanUpdate,
  TooManyStructs,
  TYPE_REF,
  utf16Units,
} from './scan'

const CONTENT_OF: Record<string, number> = {
  ContentDeleted: CONTENT.deleted,
  ContentJSON: CONTENT.json,
  ContentBinary: CONTENT.binary,
  ContentString: CONTENT.string,
  ContentEmbed: CONTENT.embed,
  ContentFormat: CONTENT.format,
  ContentType: CONTENT.type,
  ContentAny: CONTENT.any,
  ContentDoc: CONTENT.doc,
}

/** What Yjs's own decoder reads, in the scanner's terms. */
function viaYjs(update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update)
  const items = structs
    .filter((s): s is Y.Item => s instanceof Y.Item)
    .map((s) => {
      const parent = s.parent as unknown
      return {
        client: s.id.client,
        clock: s.id.clock,
        length: s.length,
        origin: s.origin ? [s.origin.client, s.origin.clock] : null,
        right: s.rightOrigin ? [s.rightOrigin.client, s.rightOrigin.clock] : null,
        parentRoot: typeof parent === 'string' ? parent : null,
        parentId: parent instanceof Y.ID ? [parent.client, parent.clock] : null,
        parentSub: s.parentSub,
        content: CONTENT_OF[s.content.constructor.name],
      }
    })
  const gcs = structs
    .filter((s) => s instanceof Y.GC)
    .map((s) => ({ client: s.id.client, clock: s.id.clock, len: s.length }))
  const deletes: { client: number; clock: number; len: number }[] = []
  for (const [client, list] of ds.clients) {
    for (const d of list) deletes.push({ client, clock: d.clock, len: d.len })
  }
  return { items, gcs, deletes }
}

function asYjs(s: ScannedUpdate) {
  return {
    items: Array.from({ length: s.items.length }, (_, k) => s.items.at(k)).map((i) => ({
      client: i.client,
      clock: i.clock,
      length: i.length,
      origin: i.originClient >= 0 ? [i.originClient, i.originClock] : null,
      right: i.rightClient >= 0 ? [i.rightClient, i.rightClock] : null,
      parentRoot: i.parentRoot,
      parentId: i.parentClient >= 0 ? [i.parentClient, i.parentClock] : null,
      parentSub: i.parentSub,
      content: i.content,
    })),
    gcs: s.gcs,
    deletes: s.deletes,
  }
}

function board(): Y.Doc {
  const d = new Y.Doc()
  seedBoard(d, { title: 'Scan' })
  return d
}

describe('scanUpdate reads what Yjs reads [G1]', () => {
  const cases: [string, () => Uint8Array][] = [
    ['a seeded board', () => Y.encodeStateAsUpdate(board())],
    [
      'a note and its edit',
      () => {
        const d = board()
        return captureUpdate(d, (x) => {
          const id = createNote(x, { id: 'n', text: 'héllo 👋 wörld', column: 'what' })
          setText(x, id, 'héllo there 👋')
        })
      },
    ],
    [
      'moves and deletions (a catch-up with history and GC structs)',
      () => {
        const d = board()
        createNote(d, { id: 'a', text: 'a', column: 'what' })
        createNote(d, { id: 'b', text: 'bbb', column: 'so-what' })
        moveNotes(d, [{ id: 'a', x: 400, y: 300 }])
        setText(d, 'b', 'b')
        notesMap(d).delete('b')
        return Y.encodeStateAsUpdate(d)
      },
    ],
    [
      'every content kind',
      () => {
        const d = new Y.Doc()
        const m = d.getMap('misc')
        m.set('bin', new Uint8Array([1, 2, 3]))
        m.set('any', { a: [1, 2.5, 'x', null, true, false, { b: -7 }], big: 2n ** 40n })
        m.set('doc', new Y.Doc())
        const t = new Y.Text()
        m.set('text', t)
        t.insert(0, 'bold', { bold: true })
        t.insertEmbed(2, { image: 'x' })
        m.set('xml', new Y.XmlElement('p'))
        m.set('arr', Y.Array.from([1, 2, 3]))
        return Y.encodeStateAsUpdate(d)
      },
    ],
    [
      'two clients, merged',
      () => {
        const a = board()
        const b = new Y.Doc()
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
        createNote(a, { id: 'x', text: 'from a', column: 'what' })
        createNote(b, { id: 'y', text: 'from b', column: 'what' })
        return Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)])
      },
    ],
  ]
  it.each(cases)('%s', (_name, make) => {
    const u = make()
    expect(asYjs(scanUpdate(u))).toEqual(viaYjs(u))
  })

  it('reads random documents as Yjs does (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const gen = prng.create(seed)
      const docs = [new Y.Doc(), new Y.Doc()]
      for (let step = 0; step < 60; step++) {
        const d = prng.oneOf(gen, docs)
        const m = d.getMap(prng.oneOf(gen, ['notes', 'board']))
        const key = prng.word(gen, 1, 3)
        switch (prng.uint32(gen, 0, 4)) {
          case 0:
            m.set(key, prng.word(gen, 0, 20))
            break
          case 1: {
            const t = new Y.Text()
            t.insert(0, prng.utf16String(gen, 12))
            m.set(key, t)
            break
          }
          case 2: {
            const t = [...m.values()].find((v) => v instanceof Y.Text) as Y.Text | undefined
            if (t) t.insert(prng.uint32(gen, 0, t.length), prng.utf16String(gen, 5))
            break
          }
          case 3:
            m.delete(key)
            break
          default: {
            const [x, y] = docs
            Y.applyUpdate(x!, Y.encodeStateAsUpdate(y!))
          }
        }
      }
      const u = Y.encodeStateAsUpdate(docs[0]!)
      expect(asYjs(scanUpdate(u)), `seed ${seed}`).toEqual(viaYjs(u))
    }
  })

  it('gives block ranges, GC and Skip structs, and type kinds', () => {
    const d = board()
    createNote(d, { id: 'gone', text: 'gone', column: 'what' })
    notesMap(d).delete('gone')
    const s = scanUpdate(Y.encodeStateAsUpdate(d))
    expect(s.blocks).toHaveLength(1)
    const block = s.blocks[0]!
    expect([block.client, block.clock, block.end]).toEqual([
      d.clientID,
      0,
      Y.getState(d.store, d.clientID),
    ])
    expect(s.gcs.length).toBeGreaterThan(0)
    // Merging a client's first and third updates leaves a Skip for the second.
    const x = new Y.Doc()
    const ups: Uint8Array[] = []
    x.on('update', (u: Uint8Array) => ups.push(u))
    for (const k of ['a', 'b', 'c']) x.getMap('board').set(k, 1)
    const skipped = scanUpdate(Y.mergeUpdates([ups[0]!, ups[2]!]))
    expect(skipped.skips).toEqual([{ client: x.clientID, clock: 1, len: 1 }])
    expect(skipped.structs).toBe(3)
    const withNote = scanUpdate(
      captureUpdate(board(), (x) => createNote(x, { text: 'x', column: 'what' })),
    )
    const refs = Array.from({ length: withNote.items.length }, (_, i) => withNote.items.typeRef(i))
    expect(refs.filter((r) => r === TYPE_REF.map)).toHaveLength(2)
    expect(refs.filter((r) => r === TYPE_REF.text)).toHaveLength(1)
  })
})

describe('scanUpdate refuses what is not a V1 update [G1]', () => {
  const bytes = (f: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder()
    f(e)
    return encoding.toUint8Array(e)
  }
  const one = (info: number, body: (e: encoding.Encoder) => void) =>
    bytes((e) => {
      encoding.writeVarUint(e, 1) // one client
      encoding.writeVarUint(e, 1) // one struct
      encoding.writeVarUint(e, 5) // client
      encoding.writeVarUint(e, 0) // clock
      encoding.writeUint8(e, info)
      body(e)
      encoding.writeVarUint(e, 0) // no deletions
    })
  const rootItem = (content: number, write: (e: encoding.Encoder) => void) =>
    one(content | 32, (e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, 'board')
      encoding.writeVarString(e, 'k')
      write(e)
    })
  const cases: [string, Uint8Array][] = [
    ['an empty payload', new Uint8Array(0)],
    ['a truncated varint', Uint8Array.of(0x80)],
    ['trailing bytes', Uint8Array.of(0, 0, 7)],
    ['an unknown content', rootItem(11, () => {})],
    ['an unknown type', rootItem(CONTENT.type, (e) => encoding.writeVarUint(e, 9))],
    [
      'an unknown value tag',
      rootItem(CONTENT.any, (e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeUint8(e, 3)
      }),
    ],
    [
      'invalid UTF-8',
      rootItem(CONTENT.string, (e) => encoding.writeVarUint8Array(e, Uint8Array.of(0xc0, 0x80))),
    ],
    [
      'a surrogate in UTF-8',
      rootItem(CONTENT.string, (e) =>
        encoding.writeVarUint8Array(e, Uint8Array.of(0xed, 0xa0, 0x80)),
      ),
    ],
    ['a string cut short', rootItem(CONTENT.string, (e) => encoding.writeVarUint(e, 40))],
    ['an empty item', rootItem(CONTENT.deleted, (e) => encoding.writeVarUint(e, 0))],
    [
      'two blocks of one client',
      bytes((e) => {
        encoding.writeVarUint(e, 2)
        for (let i = 0; i < 2; i++) {
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint(e, 5)
          encoding.writeVarUint(e, i)
          encoding.writeUint8(e, 0) // GC
          encoding.writeVarUint(e, 1)
        }
        encoding.writeVarUint(e, 0)
      }),
    ],
    [
      'a value nested past the bound',
      rootItem(CONTENT.any, (e) => {
        encoding.writeVarUint(e, 1)
        for (let i = 0; i < 100; i++) {
          encoding.writeUint8(e, 117)
          encoding.writeVarUint(e, 1)
        }
        encoding.writeUint8(e, 126)
      }),
    ],
  ]
  it.each(cases)('%s', (_name, u) => {
    expect(() => scanUpdate(u)).toThrow(MalformedMessage)
  })

  it('stops counting past maxStructs, before reading them', () => {
    const u = bytes((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 1_000_000)
      encoding.writeVarUint(e, 5)
      encoding.writeVarUint(e, 0)
    })
    expect(() => scanUpdate(u, { maxStructs: 1000 })).toThrow(TooManyStructs)
  })

  it('counts UTF-16 units as a JavaScript string does', () => {
    for (const s of ['', 'abc', 'é', '€', '👋', 'a👋b€é', '\uFEFFbom']) {
      const b = new TextEncoder().encode(s)
      expect(utf16Units(b, 0, b.length)).toBe(s.length)
    }
  })
})
