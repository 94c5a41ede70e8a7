/**
 * Views select what they show from the board's one live read model (`BoardStore`): a
 * selector runs on each published state, and the view draws again only when what it selected
 * changed (by `equal`, identity by default; derive through a memoised selector).
 */
import { useRef, useSyncExternalStore } from 'react'
import { useBoard } from './BoardContext'
import type { BoardState, BoardStore } from './boardStore'

/** `select` over the published state of `store`, kept while `equal` says it is the same. */
export function useStoreSelector<T>(
  store: BoardStore,
  select: (state: BoardState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const memo = useRef<{ state: BoardState; select: unknown; value: T } | null>(null)
  const get = () => {
    const state = store.get()
    const m = memo.current
    if (m && m.state === state && m.select === select) return m.value
    const value = select(state)
    const kept = m && equal(m.value, value) ? m.value : value
    memo.current = { state, select, value: kept }
    return kept
  }
  return useSyncExternalStore(store.subscribe, get, get)
}

/** `select` over the state of the enclosing page's board. */
export function useBoardSelector<T>(
  select: (state: BoardState) => T,
  equal?: (a: T, b: T) => boolean,
): T {
  return useStoreSelector(useBoard().store, select, equal)
}
