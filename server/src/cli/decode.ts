/** Bytes of a saved board into a Y.Doc, with the checks the command line reports on. */
import { isBoard } from '@sensemaking/shared'
import * as Y from 'yjs'
import { CliError, EXIT, oneLine } from './exitCodes'

/**
 * Apply `bytes` (a Yjs update, as `Y.encodeStateAsUpdate` writes it) to a new document.
 * Throws `CliError` 4 when they do not decode, 5 when they decode to something that is not
 * a whole board: structs waiting for updates that are not there, or no `formatVersion`.
 */
export function decodeBoard(bytes: Uint8Array, name: string): Y.Doc {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, bytes)
  } catch {
    // The decoder's own message names its internals, which helps nobody running this.
    throw new CliError(EXIT.notYjs, `${name} is not a Yjs update (the bytes do not decode)`)
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw new CliError(
      EXIT.notBoard,
      `${name} is not a whole board: it refers to updates that are not in the file`,
    )
  }
  let board: boolean
  try {
    board = isBoard(doc)
  } catch (e) {
    throw new CliError(EXIT.notBoard, `${name} is not a board (${oneLine(e)})`)
  }
  if (!board) throw new CliError(EXIT.notBoard, `${name} is not a board: it has no formatVersion`)
  return doc
}
