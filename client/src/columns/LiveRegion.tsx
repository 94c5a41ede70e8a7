/** The view's polite live region and the rate-limited news of other people's notes. */
import { isLive } from '@sensemaking/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type { BoardStore } from '../board/boardStore'
import { type Addition, type Announce, describeAdditions } from './announce'

/** At most one announcement of other people's notes in this window. */
const REMOTE_EVERY_MS = 5000

export function useLiveRegion(
  store: BoardStore,
  provider: WebsocketProvider,
  columnTitle: (id: string | null) => string,
): { message: string; announce: Announce } {
  const [message, setMessage] = useState('')
  const flip = useRef(false)
  const announce = useCallback((text: string) => {
    // The same words twice in a row are still read out: vary an invisible character.
    flip.current = !flip.current
    setMessage(flip.current ? text : `${text}\u00a0`)
  }, [])

  const titleRef = useRef(columnTitle)
  titleRef.current = columnTitle

  useEffect(() => {
    const queue: Addition[] = []
    let last = Number.NEGATIVE_INFINITY
    let timer: ReturnType<typeof setTimeout> | null = null
    const speak = () => {
      timer = null
      last = performance.now()
      announce(describeAdditions(queue.splice(0)))
    }
    const off = store.onRemoteAdd((ids) => {
      // The first load and every catch-up after a reconnection are not news.
      if (!provider.synced) return
      const notes = store.get().notes
      for (const id of ids) {
        const n = notes.get(id)
        if (n && isLive(n)) queue.push({ column: titleRef.current(n.column), city: n.city })
      }
      if (queue.length === 0 || timer) return
      timer = setTimeout(speak, Math.max(0, last + REMOTE_EVERY_MS - performance.now()))
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [store, provider, announce])

  return { message, announce }
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <div
      className="sr-only"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-live-region=""
    >
      {message}
    </div>
  )
}
