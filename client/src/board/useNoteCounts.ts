/** Live notes per lever (and untagged), recounted at most every `everyMs`. */
import { notesMap, readBoard } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { throttle } from '../lib/throttle'

export interface NoteCounts {
  total: number
  /** tag id → live notes; '' counts untagged notes. */
  byLever: Map<string, number>
}

export function countNotes(doc: Y.Doc): NoteCounts {
  const byLever = new Map<string, number>()
  let total = 0
  for (const n of readBoard(doc).notes) {
    if (n.deletedAt !== null) continue
    total++
    const k = n.lever ?? ''
    byLever.set(k, (byLever.get(k) ?? 0) + 1)
  }
  return { total, byLever }
}

export function useNoteCounts(doc: Y.Doc, everyMs = 400): NoteCounts {
  const [counts, setCounts] = useState(() => countNotes(doc))
  useEffect(() => {
    const update = throttle(() => setCounts(countNotes(doc)), everyMs)
    notesMap(doc).observeDeep(update)
    update()
    return () => {
      notesMap(doc).unobserveDeep(update)
      update.cancel()
    }
  }, [doc, everyMs])
  return counts
}
