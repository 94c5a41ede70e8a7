/**
 * Where a board to harvest comes from: a file holding a Yjs update, or a board or a whole
 * session read from the server's data dir (see dataDir.ts), with the server running or not.
 */
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type * as Y from 'yjs'
import { decodeBoard } from './decode'
import { CliError, EXIT, fsReason } from './exitCodes'

export type HarvestSource =
  | { kind: 'file'; path: string }
  | { kind: 'board'; id: string; dataDir: string }
  | { kind: 'session'; id: string; dataDir: string }

export interface LoadedBoard {
  /** The board id the harvest names: for a file, its name without the extension. */
  boardId: string
  doc: Y.Doc
  /** The session's plenary (a board of a data dir only). */
  plenary?: boolean
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (e) {
    throw new CliError(EXIT.unreadable, `cannot read ${path}: ${fsReason(e)}`)
  }
}

/** Load the board a file holds; throws a `CliError` with the matching exit code. */
export async function loadBoard(source: { kind: 'file'; path: string }): Promise<LoadedBoard> {
  const bytes = await readBytes(source.path)
  return {
    boardId: basename(source.path, extname(source.path)),
    doc: decodeBoard(bytes, source.path),
  }
}
