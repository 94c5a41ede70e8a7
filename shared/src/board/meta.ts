/** Seeding and board-level settings [F2]. */
import type * as Y from 'yjs'
import { BOARD, FORMAT_VERSION } from '../schema/keys'
import { DEFAULT_TEMPLATE, type Template } from '../schema/template'
import { BOARD_ERROR, BoardError } from './errors'
import type { WriteOptions } from './notes'
import { boardMap, readMeta } from './read'

export interface SeedOptions {
  title: string
  template?: Template
  sessionId?: string | null
  sessionTitle?: string | null
}

/**
 * Write a new board's settings. Only the server seeds a board; clients never write
 * defaults on load, since two clients seeding at once would both win field by field [F2.4].
 */
export function seedBoard(doc: Y.Doc, o: SeedOptions, opts: WriteOptions = {}): void {
  const t = o.template ?? DEFAULT_TEMPLATE
  doc.transact(() => {
    const b = boardMap(doc)
    b.set(BOARD.formatVersion, FORMAT_VERSION)
    b.set(BOARD.title, o.title)
    b.set(BOARD.template, t.id)
    b.set(
      BOARD.columns,
      t.columns.map((c) => (c.kinds ? { ...c, kinds: c.kinds.map((k) => ({ ...k })) } : { ...c })),
    )
    b.set(
      BOARD.tags,
      t.tags.map((x) => ({ ...x })),
    )
    b.set(BOARD.phase, null)
    b.set(BOARD.locked, false)
    b.set(BOARD.sessionId, o.sessionId ?? null)
    b.set(BOARD.sessionTitle, o.sessionTitle ?? null)
  }, opts.origin)
}

export function setTitle(doc: Y.Doc, title: string, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.title, title), opts.origin)
}

/** Set the active question (a column id of the board) or clear it [F2.5]. */
export function setPhase(doc: Y.Doc, phase: string | null, opts: WriteOptions = {}): void {
  if (phase !== null && !readMeta(doc).columns.some((c) => c.id === phase)) {
    throw new BoardError(BOARD_ERROR.unknownColumn, `Unknown column "${phase}"`)
  }
  doc.transact(() => boardMap(doc).set(BOARD.phase, phase), opts.origin)
}

/** Lock or unlock the board: participants become read-only, enforced by the server [F2.6]. */
export function setLocked(doc: Y.Doc, locked: boolean, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.locked, locked), opts.origin)
}
