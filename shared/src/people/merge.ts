/**
 * One person on two devices, said by a facilitator [F14.9]: someone who joined on a laptop and
 * again on a phone is two entries in the people list, each with notes and dots of its own. A
 * facilitator merges one entry into the other: from then on the board counts them as one
 * person. The record (`merged`: person id → the id it was merged into) holds ids only and is
 * written by the server alone; the merged entry's notes and dots follow it, so the harvest and
 * the vote name one person.
 */
import * as Y from 'yjs'
import { BOARD_ERROR, BoardError } from '../board/errors'
import { notesMap, votesMap } from '../board/read'
import { readVote } from '../facilitation/session'
import { NOTE, ROOT } from '../schema/keys'

/** The record of merged people of a board [F14.9]. */
export const mergedMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.merged)

/** An id the server issues to a person who joined with a name and city [F14.1]. */
export const isPersonId = (id: unknown): id is string =>
  typeof id === 'string' && /^p-[a-z0-9]{20}$/.test(id)

/** Steps a reader follows through the record: the writer keeps it one step deep. */
const MAX_STEPS = 8

/**
 * The person `id` is on this board: the entry it was merged into, else itself [F14.9]. A record
 * that is not a string, or a loop, reads as no merge (reading never throws, F9).
 */
export function personOnBoard(doc: Y.Doc, id: string): string {
  const merged = mergedMap(doc)
  let at = id
  for (let i = 0; i < MAX_STEPS; i++) {
    const next = merged.get(at)
    if (typeof next !== 'string' || next === '' || next === id) return at
    at = next
  }
  return at
}

/** What a merge did. */
export interface PeopleMerged {
  from: string
  /** The person kept: `into`, or the entry `into` was merged into before. */
  into: string
  /** Notes whose author id became `into`. */
  notes: number
  /** Dots that moved to `into`, and dots given back because `into` had no room for them. */
  dots: { moved: number; returned: number }
}

const countOf = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? (v as number) : 0

/**
 * Merge person `from` into person `into` on a board, in one transaction [F14.9]:
 * - the record says `from` is `into` (entries merged into `from` before now point at `into`);
 * - every note whose `authorId` is `from` gets `into`'s (its `author` and `city` stay as written,
 *   F12.15: what the person typed on that device);
 * - `from`'s dots join `into`'s on the same notes. While a vote is open the person's dots stay
 *   within `dotsPerPerson` (F12.14): `into` keeps all of theirs, `from`'s join on live notes,
 *   most dots first (ties by note id), then on deleted ones, until the total is reached; the
 *   rest are given back (removed). While no vote is open the totals are frozen (F8.2), so every
 *   dot moves.
 * Throws a BoardError when `from` and `into` are one person or `from` was merged already.
 */
export function mergePeople(
  doc: Y.Doc,
  from: string,
  into: string,
  opts: { origin?: unknown } = {},
): PeopleMerged {
  const target = personOnBoard(doc, into)
  if (from === into || target === from) {
    throw new BoardError(BOARD_ERROR.samePerson, 'Those entries are one person already')
  }
  const merged = mergedMap(doc)
  if (typeof merged.get(from) === 'string') {
    throw new BoardError(BOARD_ERROR.alreadyMerged, 'That entry was merged into another already')
  }
  const out: PeopleMerged = { from, into: target, notes: 0, dots: { moved: 0, returned: 0 } }
  doc.transact(() => {
    merged.set(from, target)
    for (const [k, v] of [...merged.entries()]) if (v === from) merged.set(k, target)
    const notes = notesMap(doc)
    const live = new Set<string>()
    notes.forEach((note, id) => {
      if (!(note instanceof Y.Map)) return
      if ((note.get(NOTE.deletedAt) ?? null) === null) live.add(id)
      if (note.get(NOTE.authorId) !== from) return
      note.set(NOTE.authorId, target)
      out.notes++
    })
    moveDots(doc, from, target, live, out.dots)
  }, opts.origin)
  return out
}

/** `from`'s dots to `into`, within the vote's dots per person while it is open. */
function moveDots(
  doc: Y.Doc,
  from: string,
  into: string,
  live: ReadonlySet<string>,
  tally: { moved: number; returned: number },
): void {
  const vote = readVote(doc)
  const votes = votesMap(doc)
  const theirs: Array<{ noteId: string; n: number; voters: Y.Map<unknown> }> = []
  let used = 0
  votes.forEach((voters, noteId) => {
    if (!(voters instanceof Y.Map)) return
    if (live.has(noteId)) used += countOf(voters.get(into))
    if (voters.has(from)) theirs.push({ noteId, n: countOf(voters.get(from)), voters })
  })
  let room =
    vote.status === 'open' ? Math.max(0, vote.dotsPerPerson - used) : Number.POSITIVE_INFINITY
  theirs.sort(
    (a, b) =>
      Number(live.has(b.noteId)) - Number(live.has(a.noteId)) ||
      b.n - a.n ||
      (a.noteId < b.noteId ? -1 : a.noteId > b.noteId ? 1 : 0),
  )
  for (const { n, voters } of theirs) {
    const take = Math.min(n, room)
    room -= take
    voters.delete(from)
    if (take > 0) voters.set(into, countOf(voters.get(into)) + take)
    tally.moved += take
    tally.returned += n - take
  }
}
