/**
 * Checks of an incoming Yjs update before it touches the document: it must decode, and every
 * struct and deletion it references must be in the document or in the update itself. An update
 * with a gap would sit in the document's pending structs, never persisted, and block every
 * later update of its client; a deletion of a future range would delete someone's next note.
 * Well-behaved y-websocket clients never send either.
 *
 * Nor do they send a struct that starts inside a range the document holds and runs past it:
 * their diffs start exactly at the server's state vector. Yjs would integrate the unknown tail
 * next to whatever the document holds at the boundary (another client's item, a board setting)
 * rather than where the sender meant, and the document would stop matching its own encoding.
 */
import * as Y from 'yjs'
import { MalformedMessage, OutOfSyncUpdate } from './errors'

type Decoded = ReturnType<typeof Y.decodeUpdate>

/** Decode an update, throwing MalformedMessage when it cannot be read. */
export function decodeUpdateChecked(update: Uint8Array): Decoded {
  if (update.length === 0) throw new MalformedMessage('empty update payload', 'empty')
  try {
    return Y.decodeUpdate(update)
  } catch {
    throw new MalformedMessage('update does not decode', 'bad-update')
  }
}

/**
 * Why the update cannot be integrated at once, or null when it can. Throws OutOfSyncUpdate for a
 * struct that overlaps the end of a known range (never integrated, nor worth holding).
 */
export function missingDependency(doc: Y.Doc, decoded: Decoded): string | null {
  const known = new Map<number, number>()
  const stateOf = (client: number) => known.get(client) ?? Y.getState(doc.store, client)
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) continue
    const client = s.id.client
    const cur = stateOf(client)
    if (s.id.clock > cur) return `gap before clock ${s.id.clock} of client ${client}`
    const end = s.id.clock + s.length
    if (s.id.clock < cur && end > cur && !known.has(client)) {
      throw new OutOfSyncUpdate(`struct overlaps the end of client ${client}'s known range`)
    }
    if (end > cur) known.set(client, end)
  }
  const isKnown = (id: Y.ID | null) => id === null || id.clock < stateOf(id.client)
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue
    const parent: unknown = s.parent
    if (!isKnown(s.origin) || !isKnown(s.rightOrigin)) return 'unknown neighbour'
    if (parent instanceof Y.ID && !isKnown(parent)) return 'unknown parent'
  }
  for (const [client, items] of decoded.ds.clients) {
    const state = stateOf(client)
    for (const d of items) {
      if (d.clock + d.len > state) return `deletion beyond clock ${state} of client ${client}`
    }
  }
  return null
}
