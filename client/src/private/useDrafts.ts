/** This device's drafts of a board, live, for React. */
import { useSyncExternalStore } from 'react'
import type { Draft } from './drafts'
import { draftStoreFor } from './draftStore'

export function useDrafts(boardId: string): readonly Draft[] {
  const store = draftStoreFor(boardId)
  return useSyncExternalStore(store.subscribe, store.list, store.list)
}
