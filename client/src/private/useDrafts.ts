/** This device's drafts of a board, live, for React. */
import { useSyncExternalStore } from 'react'
import { draftStoreFor } from './draftStore'
import type { Draft } from './drafts'

export function useDrafts(boardId: string): readonly Draft[] {
  const store = draftStoreFor(boardId)
  return useSyncExternalStore(store.subscribe, store.list, store.list)
}
