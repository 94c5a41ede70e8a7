/**
 * Boards and sessions read straight from the server's data dir (`--board ID`, `--session ID`),
 * through the server's own storage, opened read-only: SQLite's WAL lets this run beside a live
 * server, which keeps writing meanwhile.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isBoard } from '@sensemaking/shared'
import type * as Y from 'yjs'
import { readStoredDoc } from '../rooms/loadDoc'
import { DB_FILE, openSqliteStorage } from '../storage/sqliteStorage'
import type { BoardStorage } from '../storage/types'
import { CliError, EXIT, oneLine } from './exitCodes'
import type { LoadedBoard } from './source'

export interface LoadedSession {
  session: { id: string; title: string }
  boards: LoadedBoard[]
}

function open(dataDir: string): BoardStorage {
  if (!existsSync(join(dataDir, DB_FILE))) {
    throw new CliError(
      EXIT.unreadable,
      `cannot read ${dataDir}: no board database in it (set DATA_DIR or --data-dir)`,
    )
  }
  try {
    return openSqliteStorage(dataDir, { readonly: true })
  } catch (e) {
    throw new CliError(EXIT.unreadable, `cannot read ${join(dataDir, DB_FILE)}: ${oneLine(e)}`)
  }
}

function readBoard(storage: BoardStorage, id: string, warn: (line: string) => void): Y.Doc {
  const { doc, corrupt } = readStoredDoc(storage, id)
  if (corrupt > 0) warn(`skipped ${corrupt} corrupt stored update(s) of board ${id}`)
  if (!isBoard(doc)) throw new CliError(EXIT.notBoard, `board ${id} holds no board document`)
  return doc
}

/** One board of the data dir. */
export function loadStoredBoard(
  dataDir: string,
  id: string,
  warn: (line: string) => void,
): LoadedBoard {
  const storage = open(dataDir)
  try {
    const board = storage.getBoard(id)
    if (!board) throw new CliError(EXIT.notFound, `no board "${id}" in ${dataDir}`)
    return { boardId: id, doc: readBoard(storage, id, warn), plenary: board.plenary === true }
  } finally {
    storage.close()
  }
}

/** Every board of a session of the data dir, in the session's order. */
export function loadStoredSession(
  dataDir: string,
  id: string,
  warn: (line: string) => void,
): LoadedSession {
  const storage = open(dataDir)
  try {
    const session = storage.getSession(id)
    if (!session) throw new CliError(EXIT.notFound, `no session "${id}" in ${dataDir}`)
    return {
      session: { id: session.id, title: session.title },
      boards: storage.listBoards(id).map((b) => ({
        boardId: b.id,
        doc: readBoard(storage, b.id, warn),
        plenary: b.plenary === true,
      })),
    }
  } finally {
    storage.close()
  }
}
