/**
 * Where copies land on the target board [F11.5], and which of a source note's fields the
 * target can keep: shared by sending and refreshing.
 */
import * as Y from 'yjs'
import { COLUMN_HEADER, COLUMN_PADDING, columnRegion, NOTE_SIZE, SLOT_GAP } from '../board/layout'
import { noteText } from '../board/notes'
import { kindsOf, notesMap } from '../board/read'
import { diffText } from '../board/text'
import { FRAME_PAD, FRAME_TITLE } from '../board/tidy'
import type { BoardMeta, BoardSnapshot } from '../board/types'
import { NOTE } from '../schema/keys'

/** The source's column and lever when the target board defines them, else null. */
export function carried(meta: BoardMeta, n: { column: string | null; lever: string | null }) {
  const column = n.column !== null && meta.columns.some((c) => c.id === n.column) ? n.column : null
  const lever = n.lever !== null && meta.tags.some((t) => t.id === n.lever) ? n.lever : null
  return { column, lever }
}

/** The source's kind when the copy's column offers it, else null [F3.9]. */
export const kindIn = (meta: BoardMeta, column: string | null, kind: string | null) =>
  kind !== null && kindsOf(meta, column).some((k) => k.id === kind) ? kind : null

/** Write a note's whole text; readers accept text past the writers' cap (F3.3). */
export function fillText(doc: Y.Doc, id: string, text: string, head: string) {
  if (head.length < text.length) noteText(doc, id).insert(head.length, text.slice(head.length))
}

/** Replace a note's whole text with the smallest splice, without the writers' cap (F3.3, F3.4). */
export function replaceText(doc: Y.Doc, id: string, value: string): boolean {
  const text = noteText(doc, id)
  const d = diffText(text.toString(), value)
  if (d.remove === 0 && d.insert === '') return false
  if (d.remove > 0) text.delete(d.index, d.remove)
  if (d.insert !== '') text.insert(d.index, d.insert)
  return true
}

/** How many notes fit side by side in a region, at least one. */
const perRow = (w: number) =>
  Math.max(1, Math.floor((w - 2 * COLUMN_PADDING + SLOT_GAP) / (NOTE_SIZE.w + SLOT_GAP)))

/** Positions of `count` notes in rows from (left, top), and the frame that holds them. */
function rows(left: number, top: number, count: number, across: number) {
  const positions = Array.from({ length: count }, (_, i) => ({
    x: left + (i % across) * (NOTE_SIZE.w + SLOT_GAP),
    y: top + Math.floor(i / across) * (NOTE_SIZE.h + SLOT_GAP),
  }))
  const cols = Math.max(1, Math.min(count, across))
  const lines = Math.max(1, Math.ceil(count / across))
  return {
    positions,
    frame: {
      x: left - FRAME_PAD,
      y: top - FRAME_TITLE,
      w: cols * NOTE_SIZE.w + (cols - 1) * SLOT_GAP + 2 * FRAME_PAD,
      h: FRAME_TITLE + lines * NOTE_SIZE.h + (lines - 1) * SLOT_GAP + FRAME_PAD,
    },
  }
}

/** The lowest edge of what lies in a column (live notes and theme frames), or null. */
function bottomOf(snap: BoardSnapshot, doc: Y.Doc, column: string | null): number | null {
  let bottom: number | null = null
  const lower = (y: number) => {
    bottom = bottom === null ? y : Math.max(bottom, y)
  }
  // Read the document, not the snapshot: copies made earlier in this transaction count too.
  notesMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map) || m.get(NOTE.deletedAt) != null) return
    const y = m.get(NOTE.y)
    if ((m.get(NOTE.column) ?? null) === column && typeof y === 'number' && Number.isFinite(y)) {
      lower(y + NOTE_SIZE.h)
    }
  })
  for (const c of snap.clusters) if (c.column === column) lower(c.y + c.h)
  return bottom
}

/**
 * Rows for `count` notes below everything in a column, framed like a tidied theme [F7.6]:
 * the notes' positions and the frame around them.
 */
export function themeBlock(snap: BoardSnapshot, doc: Y.Doc, column: string | null, count: number) {
  const region = columnRegion(snap.meta.columns, column)
  const bottom = bottomOf(snap, doc, column)
  const top =
    Math.max(region.y + COLUMN_HEADER, bottom === null ? -Infinity : bottom + SLOT_GAP) +
    FRAME_TITLE
  return rows(region.x + COLUMN_PADDING, top, count, perRow(region.w))
}

/**
 * Rows for `count` more notes under a theme's frame, and the frame grown to hold them: what a
 * refresh adds to a theme that gained members at its source.
 */
export function belowFrame(
  meta: BoardMeta,
  column: string | null,
  frame: { x: number; y: number; w: number; h: number },
  count: number,
) {
  const top = frame.y + frame.h - FRAME_PAD + SLOT_GAP
  const added = rows(frame.x + FRAME_PAD, top, count, perRow(columnRegion(meta.columns, column).w))
  const bottom = added.frame.y + added.frame.h
  return {
    positions: added.positions,
    frame: { x: frame.x, y: frame.y, w: Math.max(frame.w, added.frame.w), h: bottom - frame.y },
  }
}
