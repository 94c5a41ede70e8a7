/**
 * What every room of the session says, live (SESSION-SPEC SE4.5): one stream from the server
 * that sends the whole session, then only the rooms that changed, a few times a second. The
 * stream closes while the tab is hidden and opens again (with a pause that grows after
 * failures) when it is visible or dropped.
 */
import { LiveEventSchema, type LiveRoom } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import { openLiveStream } from '../lib/api'
import { readEvents } from '../lib/sse'
import { nextDelay } from './useSessionPoll'

export type LiveStatus = 'connecting' | 'live' | 'paused' | 'retrying'

export interface SessionLive {
  /** Every room as last sent, by id. */
  rooms: ReadonlyMap<string, LiveRoom>
  /** The session's boards in order, as the stream last said. */
  ids: readonly string[]
  status: LiveStatus
}

/** A stream's event merged into what is known: the rooms sent replace theirs. */
export function mergeLive(
  known: ReadonlyMap<string, LiveRoom>,
  event: { ids: readonly string[]; boards: readonly LiveRoom[] },
): Map<string, LiveRoom> {
  const next = new Map<string, LiveRoom>()
  const sent = new Map(event.boards.map((b) => [b.id, b]))
  for (const id of event.ids) {
    const room = sent.get(id) ?? known.get(id)
    if (room) next.set(id, room)
  }
  return next
}

/** The base delay of reopening a dropped stream. */
const RETRY_MS = 1000

export function useSessionLive(sessionId: string, token: string): SessionLive {
  const [live, setLive] = useState<SessionLive>({ rooms: new Map(), ids: [], status: 'connecting' })

  useEffect(() => {
    let stopped = false
    let ctrl: AbortController | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let failures = 0
    const hidden = () => document.visibilityState === 'hidden'
    const status = (s: LiveStatus) => setLive((l) => (l.status === s ? l : { ...l, status: s }))

    const open = async () => {
      clearTimeout(timer)
      ctrl?.abort()
      if (stopped) return
      if (hidden()) {
        status('paused')
        return
      }
      const mine = new AbortController()
      ctrl = mine
      try {
        const res = await openLiveStream(sessionId, token, mine.signal)
        await readEvents(res, (e) => {
          if (e.event !== 'rooms') return
          const parsed = LiveEventSchema.safeParse(JSON.parse(e.data))
          if (!parsed.success) return
          failures = 0
          setLive((l) => ({
            rooms: mergeLive(l.rooms, parsed.data),
            ids: parsed.data.ids,
            status: 'live',
          }))
        })
      } catch {
        // Dropped or refused: opened again below.
      }
      if (stopped || mine.signal.aborted) return
      failures++
      status('retrying')
      timer = setTimeout(() => void open(), nextDelay(failures, RETRY_MS))
    }

    const onVisibility = () => {
      if (hidden()) {
        ctrl?.abort()
        clearTimeout(timer)
        status('paused')
      } else void open()
    }
    document.addEventListener('visibilitychange', onVisibility)
    void open()
    return () => {
      stopped = true
      clearTimeout(timer)
      ctrl?.abort()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [sessionId, token])

  return live
}
