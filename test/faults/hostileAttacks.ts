/**
 * What the hostile-input suite sends, built from real Yjs documents where it can and encoded
 * by hand where no client would write it (a lone GC struct, a deletion, a million structs).
 */
import { NOTE, notesMap } from '@sensemaking/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** A replica of what a client holds of a board, with its own client id. */
export function replicaOf(doc: Y.Doc, clientID?: number): Y.Doc {
  const r = new Y.Doc()
  if (clientID !== undefined) r.clientID = clientID
  Y.applyUpdate(r, Y.encodeStateAsUpdate(doc))
  return r
}

/** The one update a replica sends for the changes `f` makes. */
export function updateOf(doc: Y.Doc, f: (doc: Y.Doc) => void): Uint8Array {
  const ups: Uint8Array[] = []
  const on = (u: Uint8Array) => ups.push(u)
  doc.on('update', on)
  try {
    f(doc)
  } finally {
    doc.off('update', on)
  }
  return Y.mergeUpdates(ups)
}

/** A note's text in `doc`. */
export const textOf = (doc: Y.Doc, noteId: string) =>
  (notesMap(doc).get(noteId) as Y.Map<unknown>).get(NOTE.text) as Y.Text

/** `n` characters typed backwards into a note (each at the start), in one update. */
export function typedBackwards(doc: Y.Doc, noteId: string, n: number): Uint8Array {
  return updateOf(doc, (d) => {
    const t = textOf(d, noteId)
    for (let i = 0; i < n; i++) t.insert(0, 'x')
  })
}

/**
 * `depth` maps nested one in another under a note's field, in one transaction: a shape the
 * format has not, and past the stack for Yjs's recursive delete when the note is purged.
 */
export function nestedMaps(doc: Y.Doc, noteId: string, depth: number): Uint8Array {
  return updateOf(replicaOf(doc), (d) => {
    d.transact(() => {
      let m = notesMap(d).get(noteId) as Y.Map<unknown>
      for (let i = 0; i < depth; i++) {
        const next = new Y.Map<unknown>()
        m.set('deeper', next)
        m = next
      }
    })
  })
}

/** One GC struct of `len` clocks for `client` from `clock`: 15 bytes or so. */
export function gcStruct(client: number, clock: number, len: number): Uint8Array {
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

/** An update that only deletes one item (a purge, without the structs a client would add). */
export function deletionOf(client: number, clock: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, clock)
  encoding.writeVarUint(e, 1)
  return encoding.toUint8Array(e)
}

/**
 * `n` tiny structs of a fresh client: one character each, typed into a note's text one after
 * the other and sent unmerged (about 10 bytes a struct).
 */
export function tinyStructs(doc: Y.Doc, noteId: string, n: number, client = 777_777): Uint8Array {
  const textItem = textOf(doc, noteId)._item!.id
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, n)
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, 0)
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      encoding.writeUint8(e, 4) // a string, its parent given by id
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, textItem.client)
      encoding.writeVarUint(e, textItem.clock)
    } else {
      encoding.writeUint8(e, 4 | 128) // a string after its origin
      encoding.writeVarUint(e, client)
      encoding.writeVarUint(e, i - 1)
    }
    encoding.writeVarString(e, 't')
  }
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

/** An awareness message of `n` entries with a null state, for ids nobody announced. */
export function nullPresence(n: number, from = 1_000_000): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, n)
  for (let i = 0; i < n; i++) {
    encoding.writeVarUint(inner, from + i)
    encoding.writeVarUint(inner, 1)
    encoding.writeVarString(inner, 'null')
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** An awareness message of a state of `bytes` bytes for each of `ids` at `clock`. */
export function bigPresence(ids: number[], clock: number, bytes: number): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, ids.length)
  for (const id of ids) {
    encoding.writeVarUint(inner, id)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, JSON.stringify({ pad: 'p'.repeat(Math.max(0, bytes - 10)) }))
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** Client ids named by the awareness frames a raw socket received. */
export function presenceIds(frames: Uint8Array[]): number[] {
  const ids: number[] = []
  for (const f of frames) {
    if (f[0] !== 1) continue
    const d = decoding.createDecoder(f)
    decoding.readVarUint(d)
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d))
    const n = decoding.readVarUint(inner)
    for (let i = 0; i < n; i++) {
      ids.push(decoding.readVarUint(inner))
      decoding.readVarUint(inner)
      decoding.readVarString(inner)
    }
  }
  return ids
}

/** A sync step 1 with `stateVector`. */
export function syncStep1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, stateVector)
  return encoding.toUint8Array(e)
}
