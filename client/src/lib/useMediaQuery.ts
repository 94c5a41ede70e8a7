/** Whether a CSS media query matches, live. */
import { useCallback, useSyncExternalStore } from 'react'

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (fn: () => void) => {
      const m = window.matchMedia(query)
      m.addEventListener('change', fn)
      return () => m.removeEventListener('change', fn)
    },
    [query],
  )
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  )
}

/** One column at a time, as tabs, below this width. */
export const NARROW = '(max-width: 700px)'

/** Phones: other people's cursors are not drawn. */
export const PHONE = '(max-width: 720px)'

/** Phones and narrow tablets: the top bar keeps one row, and its tools go in its menu. */
export const MENU_BAR = '(max-width: 900px)'
