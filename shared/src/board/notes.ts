/**
 * Typed writers of notes [F3]. Every write runs in one transaction with the caller's
 * origin, so views can tell their own changes from others' [F6.1].
 */

import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { NOTE } from '../schema/keys'
import { BOARD_ERROR, BoardError } from './errors'
import { clampInto, columnRegion, freeSlot, isInside } from './layout'
import { kindsOf, notesMap, readMeta, votesMap } from './read'
import { capText, diffText, MAX_NOTE_TEXT } from './text'
import type { BoardMeta } from './types'

/** What every writer takes: a transaction origin and an injectable clock. */
export interface WriteOptions {
  origin?: unknown
  now?: () => number
}

const clock = (o: WriteOptions) => (o.now ?? Date.now)()

export interface NewNote {
  id?: string
  text?: string
  column: string | null
  lever?: string | null
  /** A kind id of the note's column [F3.9]. */
  kind?: string | null
  city?: string
  author?: string
  authorId?: string
  /** Page position; placed in the first free slot of the column when left out [F7.4]. */
  x?: number
  y?: number
  clusterId?: string | null
}

function checkColumn(meta: BoardMeta, column: string | null) {
  if (column !== null && !meta.columns.some((c) => c.id === column)) {
    throw new BoardError(BOARD_ERROR.unknownColumn, `Unknown column "${column}"`)
  }
}

function checkLever(meta: BoardMeta, lever: string | null) {
  if (lever !== null && !meta.tags.some((t) => t.id === lever)) {
    throw new BoardError(BOARD_ERROR.unknownLever, `Unknown lever "${lever}"`)
  }
}

/** A kind must be one the note's own column offers [F3.9]. */
function checkKind(meta: BoardMeta, column: string | null, kind: string | null) {
  if (kind !== null && !kindsOf(meta, column).some((k) => k.id === kind)) {
    const where = column === null ? 'the parking lot' : `column "${column}"`
    throw new BoardError(BOARD_ERROR.unknownKind, `Unknown kind "${kind}" for ${where}`)
  }
}

function getNote(doc: Y.Doc, id: string): Y.Map<unknown> {
  const m = notesMap(doc).get(id)
  if (!(m instanceof Y.Map)) throw new BoardError(BOARD_ERROR.unknownNote, `Unknown note "${id}"`)
  return m
}

/** Positions of the live notes of a column, for free-slot placement. */
function occupied(doc: Y.Doc, column: string | null, except?: string) {
  const out: { x: number; y: number }[] = []
  notesMap(doc).forEach((m, id) => {
    if (id === except || !(m instanceof Y.Map)) return
    if (m.get(NOTE.deletedAt) != null) return
    if ((m.get(NOTE.column) ?? null) !== column) return
    const x = m.get(NOTE.x)
    const y = m.get(NOTE.y)
    if (typeof x === 'number' && typeof y === 'number') out.push({ x, y })
  })
  return out
}

/** Where a note of `column` goes: its own position moved inside the region, or a free slot. */
function placeIn(
  doc: Y.Doc,
  meta: BoardMeta,
  column: string | null,
  x?: number,
  y?: number,
  except?: string,
) {
  const region = columnRegion(meta.columns, column)
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
    return freeSlot(region, occupied(doc, column, except))
  }
  return isInside(region, x, y) ? { x, y } : clampInto(region, x, y)
}

/** Create a note [F3.1]; returns its id. Text is capped at MAX_NOTE_TEXT. */
export function createNote(doc: Y.Doc, note: NewNote, opts: WriteOptions = {}): string {
  const meta = readMeta(doc)
  const column = note.column
  const lever = note.lever ?? null
  const kind = note.kind ?? null
  checkColumn(meta, column)
  checkLever(meta, lever)
  checkKind(meta, column, kind)
  const id = note.id ?? uuidv4()
  const now = clock(opts)
  doc.transact(() => {
    const pos = placeIn(doc, meta, column, note.x, note.y)
    const m = new Y.Map<unknown>()
    m.set(NOTE.text, new Y.Text(capText(note.text ?? '')))
    m.set(NOTE.column, column)
    m.set(NOTE.lever, lever)
    m.set(NOTE.kind, kind)
    m.set(NOTE.city, note.city ?? '')
    m.set(NOTE.author, note.author ?? '')
    m.set(NOTE.authorId, note.authorId ?? '')
    m.set(NOTE.x, pos.x)
    m.set(NOTE.y, pos.y)
    m.set(NOTE.clusterId, note.clusterId ?? null)
    m.set(NOTE.createdAt, now)
    m.set(NOTE.updatedAt, now)
    m.set(NOTE.deletedAt, null)
    notesMap(doc).set(id, m)
    // The note's vote map is made with the note, by its one creator, so two people
    // casting the first dots at once never race to create it [F5.3].
    votesMap(doc).set(id, new Y.Map<unknown>())
  }, opts.origin)
  return id
}

/** The note's Y.Text, for editors that bind to it character by character. */
export function noteText(doc: Y.Doc, id: string): Y.Text {
  const t = getNote(doc, id).get(NOTE.text)
  if (!(t instanceof Y.Text))
    throw new BoardError(BOARD_ERROR.badValue, `Note "${id}" has no Y.Text`)
  return t
}

/**
 * Splice a note's text; an insertion is cut so the text stays within MAX_NOTE_TEXT [F3.3].
 * Returns the number of characters actually inserted.
 */
export function editText(
  doc: Y.Doc,
  id: string,
  edit: { index: number; remove?: number; insert?: string },
  opts: WriteOptions = {},
): number {
  const text = noteText(doc, id)
  let inserted = 0
  doc.transact(() => {
    const index = Math.max(0, Math.min(edit.index, text.length))
    const remove = Math.max(0, Math.min(edit.remove ?? 0, text.length - index))
    if (remove > 0) text.delete(index, remove)
    const room = Math.max(0, MAX_NOTE_TEXT - text.length)
    const insert = capText(edit.insert ?? '', room)
    if (insert.length > 0) text.insert(index, insert)
    inserted = insert.length
    if (remove > 0 || inserted > 0) getNote(doc, id).set(NOTE.updatedAt, clock(opts))
  }, opts.origin)
  return inserted
}

/** Replace a note's text with the smallest splice, so concurrent typing still merges [F3.4]. */
export function setText(doc: Y.Doc, id: string, value: string, opts: WriteOptions = {}): void {
  const d = diffText(noteText(doc, id).toString(), value)
  if (d.remove === 0 && d.insert === '') return
  editText(doc, id, { index: d.index, remove: d.remove, insert: d.insert }, opts)
}

export interface NoteMove {
  id: string
  x: number
  y: number
  /** When given, the note changes column too (the canvas's drop) [F7.3]. */
  column?: string | null
}

/** Move many notes in one transaction [F6.2]. Unknown ids are skipped, not thrown. */
export function moveNotes(doc: Y.Doc, moves: readonly NoteMove[], opts: WriteOptions = {}): void {
  const meta = readMeta(doc)
  for (const mv of moves) if (mv.column !== undefined) checkColumn(meta, mv.column)
  const now = clock(opts)
  doc.transact(() => {
    const notes = notesMap(doc)
    for (const mv of moves) {
      const m = notes.get(mv.id)
      if (!(m instanceof Y.Map) || !Number.isFinite(mv.x) || !Number.isFinite(mv.y)) continue
      if (m.get(NOTE.x) !== mv.x) m.set(NOTE.x, mv.x)
      if (m.get(NOTE.y) !== mv.y) m.set(NOTE.y, mv.y)
      if (mv.column !== undefined && m.get(NOTE.column) !== mv.column) m.set(NOTE.column, mv.column)
      m.set(NOTE.updatedAt, now)
    }
  }, opts.origin)
}

/** Tag a note with one of the board's levers, or none [F3.2]. */
export function setLever(
  doc: Y.Doc,
  id: string,
  lever: string | null,
  opts: WriteOptions = {},
): void {
  checkLever(readMeta(doc), lever)
  const m = getNote(doc, id)
  doc.transact(() => {
    m.set(NOTE.lever, lever)
    m.set(NOTE.updatedAt, clock(opts))
  }, opts.origin)
}

/**
 * Give a note one of its column's kinds, or none [F3.9]. Validated against the board's own
 * template, like a lever: a kind its column does not offer is refused before anything is written.
 */
export function setKind(
  doc: Y.Doc,
  id: string,
  kind: string | null,
  opts: WriteOptions = {},
): void {
  const m = getNote(doc, id)
  const column = m.get(NOTE.column)
  checkKind(readMeta(doc), typeof column === 'string' ? column : null, kind)
  doc.transact(() => {
    m.set(NOTE.kind, kind)
    m.set(NOTE.updatedAt, clock(opts))
  }, opts.origin)
}

/**
 * Put a note in another column (or the parking lot). `column` is the truth; the note is
 * also placed inside that column's region, in a free slot [F7.1].
 */
export function setColumn(
  doc: Y.Doc,
  id: string,
  column: string | null,
  opts: WriteOptions = {},
): void {
  const meta = readMeta(doc)
  checkColumn(meta, column)
  const m = getNote(doc, id)
  doc.transact(() => {
    const pos = placeIn(doc, meta, column, undefined, undefined, id)
    m.set(NOTE.column, column)
    m.set(NOTE.x, pos.x)
    m.set(NOTE.y, pos.y)
    m.set(NOTE.updatedAt, clock(opts))
  }, opts.origin)
}

/** Soft-delete a note: it can be restored [F3.6]. */
export function deleteNote(doc: Y.Doc, id: string, opts: WriteOptions = {}): void {
  const m = getNote(doc, id)
  const now = clock(opts)
  doc.transact(() => {
    m.set(NOTE.deletedAt, now)
    m.set(NOTE.updatedAt, now)
  }, opts.origin)
}

/** Undo a soft delete [F3.6]. */
export function restoreNote(doc: Y.Doc, id: string, opts: WriteOptions = {}): void {
  const m = getNote(doc, id)
  doc.transact(() => {
    m.set(NOTE.deletedAt, null)
    m.set(NOTE.updatedAt, clock(opts))
  }, opts.origin)
}

/** Remove a note and its votes for good (facilitators) [F3.7]. */
export function purgeNote(doc: Y.Doc, id: string, opts: WriteOptions = {}): void {
  doc.transact(() => {
    notesMap(doc).delete(id)
    votesMap(doc).delete(id)
  }, opts.origin)
}
