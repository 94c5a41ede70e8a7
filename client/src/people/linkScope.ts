/**
 * How far the page's link reaches: one board, or every board of its session (GET /me). A
 * facilitator's merge of two people is made as far as the link reaches [F14.9].
 */
import { createContext, useContext } from 'react'

export type LinkScope = 'board' | 'session'

export const LinkScopeContext = createContext<LinkScope>('board')

export const useLinkScope = (): LinkScope => useContext(LinkScopeContext)
