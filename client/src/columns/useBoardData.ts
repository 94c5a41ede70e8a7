/** The board's notes, themes and dots for the columns view, live (see BoardCache). */
import type { BoardMeta } from '@sensemaking/shared'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { BoardCache, type BoardData } from './boardCache'

const EMPTY: BoardData = { notes: new Map(), clusters: new Map(), votes: new Map(), version: -1 }
const noop = () => () => {}
const empty = () => EMPTY

/**
 * Notes are read against the board's columns and tags, so the cache is rebuilt only when
 * those change, not on every change of the board map (phase, timer, vote…).
 */
export function useBoardData(
  doc: Y.Doc,
  meta: BoardMeta,
): { data: BoardData; cache: BoardCache | null } {
  const schemaKey = JSON.stringify([meta.columns, meta.tags])
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt on the schema's content only
  const schema = useMemo(() => meta, [schemaKey])
  const [cache, setCache] = useState<BoardCache | null>(null)
  useEffect(() => {
    const c = new BoardCache(doc, schema)
    setCache(c)
    return () => c.destroy()
  }, [doc, schema])
  const data = useSyncExternalStore(
    cache?.subscribe ?? noop,
    cache?.get ?? empty,
    cache?.get ?? empty,
  )
  return { data, cache }
}
