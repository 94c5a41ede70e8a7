/**
 * A live value read from the board map (facilitation state [F8]: private writing, the vote…).
 * Those values are replaced whole, so a shallow observer is enough; the component re-renders
 * only when the value read actually changed.
 */
import { boardMap } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

export function useBoardSetting<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const [value, setValue] = useState(() => read(doc))
  useEffect(() => {
    let last = JSON.stringify(read(doc))
    const update = () => {
      const next = read(doc)
      const key = JSON.stringify(next)
      if (key === last) return
      last = key
      setValue(next)
    }
    update()
    boardMap(doc).observe(update)
    return () => boardMap(doc).unobserve(update)
  }, [doc, read])
  return value
}
