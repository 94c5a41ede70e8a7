/**
 * Where this page's link may send notes: the session's plenary (a session facilitator's link,
 * SESSION-SPEC SE2.5), and whether this board is the plenary. From the board's `/me` answer.
 */
import type { BoardMe } from '@sensemaking/shared'
import { createContext, useContext } from 'react'

export interface PlenaryLink {
  /** The session's plenary, when this link may send to it (and refresh its copies). */
  target: { id: string; name: string } | null
  /** This board is its session's plenary. */
  isPlenary: boolean
  /** The board's id and the page's token: a send is made with it. */
  boardId: string
  token: string
}

export const PlenaryContext = createContext<PlenaryLink | null>(null)

/** The plenary link of the enclosing board page, or null outside one. */
export function usePlenaryLink(): PlenaryLink | null {
  return useContext(PlenaryContext)
}

/** The plenary link of a `/me` answer (an answer kept from before plenaries has none). */
export function plenaryLinkOf(me: BoardMe, boardId: string, token: string): PlenaryLink {
  return {
    target: me.plenary ?? null,
    isPlenary: me.board.plenary === true,
    boardId,
    token,
  }
}

/** True when this page may send from its board: a plenary exists and it is another board. */
export const maySendFrom = (l: PlenaryLink | null): l is PlenaryLink & { target: object } =>
  l !== null && l.target !== null && !l.isPlenary

/** True when this page shows copies' statuses and may refresh them: the plenary, by a link that may send. */
export const mayRefreshOn = (l: PlenaryLink | null): l is PlenaryLink =>
  l?.isPlenary === true && l.target !== null
