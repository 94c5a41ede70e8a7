/** A value derived from every client's awareness state, re-read at most every `everyMs`. */
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

export function useAwarenessValue<T>(
  awareness: Awareness,
  read: (states: ReadonlyMap<number, unknown>, selfClientId: number) => T,
  everyMs = 300,
): T {
  const [value, setValue] = useState(() => read(awareness.getStates(), awareness.clientID))
  useEffect(() => {
    let timer: number | null = null
    let last = ''
    const update = () => {
      timer = null
      const next = read(awareness.getStates(), awareness.clientID)
      const key = JSON.stringify(next)
      if (key === last) return
      last = key
      setValue(next)
    }
    const schedule = () => {
      timer ??= window.setTimeout(update, everyMs)
    }
    update()
    awareness.on('change', schedule)
    return () => {
      awareness.off('change', schedule)
      if (timer !== null) window.clearTimeout(timer)
    }
  }, [awareness, read, everyMs])
  return value
}
