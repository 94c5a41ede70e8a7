/**
 * A small handle on the live board for end-to-end tests and the measuring script, exposed
 * only when the page is opened with `?testHooks` (never by default). It adds no power a
 * person with the page's devtools lacks: the server still enforces every role.
 */
import { createNote, moveNotes, type NewNote, type NoteMove, readBoard } from '@sensemaking/shared'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { UI_ORIGIN } from './origins'

export interface BoardTestHooks {
  doc: Y.Doc
  provider: WebsocketProvider
  createNote(note: NewNote): string
  /** Drops of notes, one transaction each (as the canvas writes a drag's end). */
  moveNotes(moves: NoteMove[]): void
  readBoard(): ReturnType<typeof readBoard>
}

declare global {
  interface Window {
    __board?: BoardTestHooks
  }
}

export function testHooksEnabled(search = window.location.search): boolean {
  return new URLSearchParams(search).has('testHooks')
}

export function exposeTestHooks(doc: Y.Doc, provider: WebsocketProvider): () => void {
  if (!testHooksEnabled()) return () => {}
  window.__board = {
    doc,
    provider,
    createNote: (note) => createNote(doc, note, { origin: UI_ORIGIN }),
    moveNotes: (moves) => moveNotes(doc, moves, { origin: UI_ORIGIN }),
    readBoard: () => readBoard(doc),
  }
  return () => {
    if (window.__board?.doc === doc) delete window.__board
  }
}
