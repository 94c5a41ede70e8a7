/**
 * Where a board to harvest comes from. Now: a file holding a Yjs update. The server adds
 * `{ kind: 'board', id }` and `{ kind: 'session', id }` read from DATA_DIR as more variants.
 */
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type * as Y from 'yjs'
import { decodeBoard } from './decode'
import { CliError, EXIT, fsReason } from './exitCodes'

export type HarvestSource = { kind: 'file'; path: string }

export interface LoadedBoard {
  /** The board id the harvest names: for a file, its name without the extension. */
  boardId: string
  doc: Y.Doc
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (e) {
    throw new CliError(EXIT.unreadable, `cannot read ${path}: ${fsReason(e)}`)
  }
}

/** Load the board a source names; throws a `CliError` with the matching exit code. */
export async function loadBoard(source: HarvestSource): Promise<LoadedBoard> {
  const bytes = await readBytes(source.path)
  return {
    boardId: basename(source.path, extname(source.path)),
    doc: decodeBoard(bytes, source.path),
  }
}
