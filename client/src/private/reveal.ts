/**
 * Writing revealed drafts to the board [F8.3]. Each draft becomes the note with the draft's
 * own id, so a replay (a crash between writing and clearing, two tabs of one writer) finds
 * the note there and writes nothing twice. Notes get no position: createNote puts each in
 * the first free slot of its column [F7.4].
 */
import {
  createNote,
  draftsRevealed,
  isLive,
  NOTE_SIZE,
  notesMap,
  type PrivateWriting,
  personOnBoard,
  readMeta,
  readNote,
  setColumn,
  type WriteOptions,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { Draft } from './drafts'

/**
 * The origin of reveal writes. It is not one of the undo manager's origins: pressing undo
 * after a reveal must not take one's notes back into nothing.
 */
export const REVEAL_ORIGIN = { name: 'private-reveal' } as const

/** The drafts the board now lets out: their round is revealed. */
export function dueDrafts(drafts: readonly Draft[], pw: PrivateWriting): Draft[] {
  return drafts.filter((d) => draftsRevealed(pw, d.round))
}

export interface RevealResult {
  /** Notes created now. */
  written: string[]
  /** Drafts to clear from the device: written now, found written before, or empty. */
  done: string[]
}

/** Write the due drafts as notes in one transaction. */
export function writeDrafts(
  doc: Y.Doc,
  drafts: readonly Draft[],
  opts: WriteOptions = {},
): RevealResult {
  const meta = readMeta(doc)
  const result: RevealResult = { written: [], done: [] }
  doc.transact(() => {
    for (const d of drafts) {
      result.done.push(d.id)
      if (d.text.trim() === '' || notesMap(doc).has(d.id)) continue
      // The board's columns or tags may have changed since: keep the words, drop the tag.
      const column = meta.columns.some((c) => c.id === d.column) ? d.column : null
      const lever = meta.tags.some((t) => t.id === d.lever) ? d.lever : null
      createNote(
        doc,
        {
          id: d.id,
          text: d.text,
          column,
          lever,
          author: d.author,
          city: d.city,
          // A draft written before a facilitator merged its writer into another entry is
          // that person's now [F14.9].
          authorId: personOnBoard(doc, d.authorId),
        },
        { origin: opts.origin, now: () => d.createdAt },
      )
      result.written.push(d.id)
    }
  }, opts.origin)
  return result
}

/**
 * Of `ids` (notes this client revealed), those lying on top of another live note with a
 * smaller id. Two writers revealing at once each see only their own notes when choosing free
 * slots; this rule moves exactly one note of every colliding pair, the same on every client.
 */
export function collidingNotes(doc: Y.Doc, ids: ReadonlySet<string>): string[] {
  const meta = readMeta(doc)
  const live: Array<{ id: string; x: number; y: number; column: string | null }> = []
  notesMap(doc).forEach((value, id) => {
    const n = readNote(id, value, meta).note
    if (n && isLive(n)) live.push(n)
  })
  const out: string[] = []
  for (const mine of live) {
    if (!ids.has(mine.id)) continue
    const hit = live.some(
      (o) =>
        o.id < mine.id &&
        o.column === mine.column &&
        Math.abs(o.x - mine.x) < NOTE_SIZE.w &&
        Math.abs(o.y - mine.y) < NOTE_SIZE.h,
    )
    if (hit) out.push(mine.id)
  }
  return out
}

/** Move every colliding note of `ids` to a free slot of its column; returns the ids moved. */
export function settleNotes(
  doc: Y.Doc,
  ids: ReadonlySet<string>,
  opts: WriteOptions = {},
): string[] {
  const moving = collidingNotes(doc, ids)
  if (moving.length === 0) return moving
  const meta = readMeta(doc)
  doc.transact(() => {
    for (const id of moving) {
      const n = readNote(id, notesMap(doc).get(id), meta).note
      if (n) setColumn(doc, id, n.column, opts)
    }
  }, opts.origin)
  return moving
}
