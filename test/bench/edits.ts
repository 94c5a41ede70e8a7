/**
 * The edits the load makes, through the shared package's typed writers (as the app does).
 * Every edit stamps `updatedAt` with its send time, so a receiver reads the latency off the
 * document itself; positions are given, so no writer scans the board for a free slot.
 */
import {
  columnRegion,
  createNote,
  LEVERS,
  moveNotes,
  NOTE,
  notesMap,
  readMeta,
} from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'

const ORIGIN = 'bench'
const CITIES = ['Nantes', 'Lahti', 'Umeå', 'Valencia', 'Kraków', 'Dublin', 'Turin', 'Aarhus']
const WORDS = [
  'bike',
  'lanes',
  'heat',
  'pumps',
  'citizen',
  'assembly',
  'green',
  'bonds',
  'retrofit',
  'schools',
  'solar',
  'roofs',
  'budget',
  'data',
  'platform',
]

/** A short plausible sticky text. */
export function noteText(gen: prng.PRNG): string {
  const n = prng.uint32(gen, 3, 9)
  return Array.from({ length: n }, () => prng.oneOf(gen, WORDS)).join(' ')
}

/** The city of author `who`, the same for every note of theirs. */
function cityOf(who: string): string {
  let h = 0
  for (let i = 0; i < who.length; i++) h = (h * 31 + who.charCodeAt(i)) >>> 0
  return CITIES[h % CITIES.length]!
}

/** A person the server signed [F14.1]: their notes name them as the server knows them. */
export interface SignedAuthor {
  id: string
  name: string
  city: string
}

/**
 * Create a note with id `id` in a random column at a random spot of it; returns the id. The
 * note names `who`, or the signed person `signed` [F12.15].
 */
export function createAt(
  doc: Y.Doc,
  gen: prng.PRNG,
  id: string,
  who: string,
  ts: number,
  signed?: SignedAuthor,
): string {
  const columns = readMeta(doc).columns
  const column = prng.oneOf(gen, columns).id
  const r = columnRegion(columns, column)
  return createNote(
    doc,
    {
      id,
      text: noteText(gen),
      column,
      lever: prng.oneOf(gen, LEVERS).id,
      // One city per author: the server holds a connection to the author its first note named.
      city: signed?.city ?? cityOf(who),
      author: signed?.name ?? who,
      authorId: signed?.id ?? `u-${who}`,
      x: r.x + 40 + prng.uint32(gen, 0, 900),
      y: r.y + 200 + prng.uint32(gen, 0, 2000),
    },
    { origin: ORIGIN, now: () => ts },
  )
}

/** Drop note `id` a little away from where it is (a drag's end); false if the doc lacks it. */
export function nudge(doc: Y.Doc, gen: prng.PRNG, id: string, ts: number): boolean {
  const m = notesMap(doc).get(id)
  if (!(m instanceof Y.Map)) return false
  const x = m.get(NOTE.x)
  const y = m.get(NOTE.y)
  if (typeof x !== 'number' || typeof y !== 'number') return false
  const dx = prng.int32(gen, -60, 60) || 1
  const dy = prng.int32(gen, -60, 60)
  moveNotes(doc, [{ id, x: x + dx, y: Math.max(200, y + dy) }], {
    origin: ORIGIN,
    now: () => ts,
  })
  return true
}
