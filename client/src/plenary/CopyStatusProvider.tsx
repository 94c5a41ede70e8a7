/**
 * Runs the copy-status store on the plenary for a link that may refresh copies, while the
 * board holds copies (SESSION-SPEC SE3).
 */
import { type ReactNode, useEffect, useMemo } from 'react'
import { hasCopies } from '../board/selectors'
import { useBoardSelector } from '../board/useBoardSelector'
import { CopyStatusContext, CopyStatusStore } from './copyStatuses'
import { mayRefreshOn, usePlenaryLink } from './PlenaryContext'

export function CopyStatusProvider({ children }: { children: ReactNode }) {
  const link = usePlenaryLink()
  const copies = useBoardSelector(hasCopies)
  const store = useMemo(
    () => (mayRefreshOn(link) ? new CopyStatusStore(link.boardId, link.token) : null),
    [link],
  )
  useEffect(() => {
    if (!store || !copies) return
    store.start()
    const onVisible = () => store.poke()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      document.removeEventListener('visibilitychange', onVisible)
      store.stop()
    }
  }, [store, copies])
  return <CopyStatusContext.Provider value={store}>{children}</CopyStatusContext.Provider>
}
