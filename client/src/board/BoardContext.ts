/** Everything a view of one board needs, from useBoardConnection. */
import type { BoardMeta, Role } from '@sensemaking/shared'
import { createContext, useContext } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import type { BoardStore } from './boardStore'
import type { ConnectionState } from './connectionStatus'

export interface BoardUser {
  id: string
  name: string
  city: string
  color: string
}

export interface BoardContextValue {
  doc: Y.Doc
  provider: WebsocketProvider
  awareness: Awareness
  boardId: string
  token: string
  role: Role
  /** The board's one live read model: views select from it (`useBoardSelector`). */
  store: BoardStore
  /** Live board settings (the store's `meta`); a new object only when a setting changed. */
  meta: BoardMeta
  user: BoardUser
  connection: ConnectionState
  /** True once the local copy (IndexedDB) or the server has given us the board. */
  loaded: boolean
}

export const BoardContext = createContext<BoardContextValue | null>(null)

/** The board of the enclosing page; throws outside one (a programming error). */
export function useBoard(): BoardContextValue {
  const b = useContext(BoardContext)
  if (!b) throw new Error('useBoard() outside a BoardContext provider')
  return b
}
