/**
 * One live VoteSnapshot per board and person, shared by every component that shows dots
 * (a dot control on each sticky would otherwise observe the document once per sticky).
 */
import { boardMap, notesMap, votesMap } from '@sensemaking/shared'
import { useCallback, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { readVoteSnapshot, type VoteSnapshot } from './votes'

/** Recompute at most this often: typing in notes changes the notes map on every key. */
const RECOMPUTE_MS = 120

interface Store {
  snapshot: VoteSnapshot
  key: string
  listeners: Set<() => void>
  dispose: () => void
}

const stores = new Map<string, Store>()
const storeKey = (doc: Y.Doc, voterId: string) => `${doc.guid}\u0000${voterId}`

function keyOf(s: VoteSnapshot): string {
  return JSON.stringify([s.vote, [...s.totals], [...s.mine], s.voters])
}

function open(doc: Y.Doc, voterId: string): Store {
  const id = storeKey(doc, voterId)
  const existing = stores.get(id)
  if (existing) return existing
  const snapshot = readVoteSnapshot(doc, voterId)
  let timer: ReturnType<typeof setTimeout> | null = null
  const store: Store = { snapshot, key: keyOf(snapshot), listeners: new Set(), dispose: () => {} }
  const recompute = () => {
    timer = null
    const next = readVoteSnapshot(doc, voterId)
    const key = keyOf(next)
    if (key === store.key) return
    store.snapshot = next
    store.key = key
    for (const l of store.listeners) l()
  }
  const schedule = () => {
    timer ??= setTimeout(recompute, RECOMPUTE_MS)
  }
  // Votes and the vote's state change rarely and matter at once; notes only through deletion.
  const now = () => {
    if (timer) clearTimeout(timer)
    recompute()
  }
  votesMap(doc).observeDeep(now)
  boardMap(doc).observe(now)
  notesMap(doc).observeDeep(schedule)
  store.dispose = () => {
    if (stores.get(id) !== store) return
    votesMap(doc).unobserveDeep(now)
    boardMap(doc).unobserve(now)
    notesMap(doc).unobserveDeep(schedule)
    if (timer) clearTimeout(timer)
    stores.delete(id)
  }
  stores.set(id, store)
  return store
}

/** Let go of a store a while after its last subscriber left (re-renders resubscribe at once). */
function release(store: Store) {
  setTimeout(() => {
    if (store.listeners.size === 0) store.dispose()
  }, 1000)
}

/** The live vote as `voterId` sees it. */
export function useVotes(doc: Y.Doc, voterId: string): VoteSnapshot {
  const subscribe = useCallback(
    (listener: () => void) => {
      const s = open(doc, voterId)
      s.listeners.add(listener)
      return () => {
        s.listeners.delete(listener)
        if (s.listeners.size === 0) release(s)
      }
    },
    [doc, voterId],
  )
  const snapshot = useCallback(() => open(doc, voterId).snapshot, [doc, voterId])
  return useSyncExternalStore(subscribe, snapshot)
}
