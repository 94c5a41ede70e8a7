/**
 * Runs the copy-status store on the plenary for a link that may refresh copies, while the
 * board holds copies (SESSION-SPEC SE3).
 */
import { type ReactNode, useEffect, useMemo } from 'react'
import { useBoardSelector } from '../board/useBoardSelector'
import { CopyStatusContext, CopyStatusStore } from './copyStatuses'
import { mayRefreshOn, usePlenaryLink } from './PlenaryContext'

export function CopyStatusProvider({ children }: { children: ReactNode }) {
  const link = usePlenaryLink()
  const hasCopies = useBoardSelector((s) => {
    for (const n of s.notes.values()) if (n.source) return true
    for (const c of s.clusters.values()) if (c.sources.length > 0) return true
    return false
  })
  const store = useMemo(
    () => (mayRefreshOn(link) ? new CopyStatusStore(link.boardId, link.token) : null),
    [link],
  )
  useEffect(() => {
    if (!store || !hasCopies) return
    store.start()
    const onVisible = () => store.poke()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      document.removeEventListener('visibilitychange', onVisible)
      store.stop()
    }
  }, [store, hasCopies])
  return <CopyStatusContext.Provider value={store}>{children}</CopyStatusContext.Provider>
}
