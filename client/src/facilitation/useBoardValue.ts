/**
 * A live value of the board map (facilitation state [F8] is replaced whole, so a shallow
 * observer is enough). Re-renders only when the value read changed.
 */
import { boardMap } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

export function useBoardValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const [value, setValue] = useState(() => read(doc))
  useEffect(() => {
    let last = ''
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
