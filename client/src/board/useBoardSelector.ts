/**
 * Views select what they show from the board's one live read model (`BoardStore`): a
 * selector runs on each published state, and the view draws again only when what it selected
 * changed (by `equal`, identity by default; derive through a memoised selector).
 *
 * A view mounted once per note (a sticky's dots) must not run its selector on every published
 * state, or a keystroke anywhere costs work in proportion to the board: it selects from a
 * slice (`sliceOf`), whose subscribers hear only of states where the slice's parts changed.
 */
import { useRef, useSyncExternalStore } from 'react'
import { useBoard } from './BoardContext'
import type { BoardState, BoardStore } from './boardStore'

/** What a selector reads: the store itself, or a slice of it. */
export type StateSource = Pick<BoardStore, 'get' | 'subscribe'>

/** `select` over the published state of `store`, kept while `equal` says it is the same. */
export function useStoreSelector<T>(
  store: StateSource,
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

const slices = new WeakMap<BoardStore, Map<string, StateSource>>()

/**
 * The store as seen by views that read only `parts` of its state: `get` is the store's, and
 * subscribers are told of a new state only when one of the parts is a different object. One
 * subscription to the store serves every view of the slice (named by `key`).
 */
export function sliceOf(
  store: BoardStore,
  key: string,
  parts: (s: BoardState) => readonly unknown[],
): StateSource {
  const byKey = slices.get(store) ?? new Map<string, StateSource>()
  slices.set(store, byKey)
  const known = byKey.get(key)
  if (known) return known
  const listeners = new Set<() => void>()
  let last = parts(store.get())
  let unsubscribe: (() => void) | null = null
  const onState = () => {
    const next = parts(store.get())
    if (next.length === last.length && next.every((p, i) => p === last[i])) return
    last = next
    for (const fn of [...listeners]) fn()
  }
  const slice: StateSource = {
    get: store.get,
    subscribe: (fn) => {
      if (listeners.size === 0) {
        last = parts(store.get())
        unsubscribe = store.subscribe(onState)
      }
      listeners.add(fn)
      return () => {
        listeners.delete(fn)
        if (listeners.size === 0) {
          unsubscribe?.()
          unsubscribe = null
        }
      }
    },
  }
  byKey.set(key, slice)
  return slice
}
