/**
 * What facilitation needs from the canvas, in one hook the canvas view mounts with its
 * editor: our viewport published in awareness, "bring everyone to me" [F8.6], and following
 * one person's viewport. The camera moves here; the board document is only read.
 */
import { PRESENCE, readSummon } from '@sensemaking/shared'
import { useEffect } from 'react'
import { type Editor, react } from 'tldraw'
import type { BoardContextValue } from '../../board/BoardContext'
import { setPresence } from '../../board/setPresence'
import { throttle } from '../../lib/throttle'
import { serverNow, useServerClock } from '../timer/serverClock'
import { useFollowStore } from './followStore'
import { ownSummons } from './ownSummons'
import {
  followedViewport,
  roundViewport,
  sameViewport,
  shouldFollowSummon,
  type Viewport,
} from './viewport'

const VIEWPORT_MS = 150

const reducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches

function moveTo(editor: Editor, v: Viewport, duration: number) {
  editor.zoomToBounds(v, {
    inset: 0,
    animation: reducedMotion() || duration === 0 ? undefined : { duration },
  })
}

export function useCanvasFacilitation(editor: Editor | null, board: BoardContextValue): void {
  const { doc, awareness, store } = board

  // The canvas is there: "bring everyone to me" and following become possible.
  useEffect(() => {
    if (!editor) return
    useFollowStore.getState().setEditor(editor)
    return () => useFollowStore.getState().setEditor(null)
  }, [editor])

  // Our viewport, for whoever follows us.
  useEffect(() => {
    if (!editor) return
    let last: Viewport | null = null
    const send = throttle(() => {
      const v = roundViewport(editor.getViewportPageBounds())
      if (sameViewport(v, last)) return
      last = v
      setPresence(awareness, PRESENCE.viewport, v)
    }, VIEWPORT_MS)
    const stop = react('publish viewport', () => {
      editor.getViewportPageBounds()
      send()
    })
    return () => {
      stop()
      send.cancel()
    }
  }, [editor, awareness])

  // "Bring everyone to me": once per new summon.
  useEffect(() => {
    if (!editor) return
    let lastAt: number | null = null
    const check = () => {
      const s = readSummon(doc)
      if (!s || !shouldFollowSummon(s, lastAt, serverNow())) return
      lastAt = s.at
      if (ownSummons.has(s.at)) return
      useFollowStore.getState().stop()
      moveTo(editor, s, 400)
    }
    check()
    const unfollow = store.onChange((c) => {
      if (c.board) check()
    })
    // Judged again once the server's clock is known (a fast local clock makes it look old).
    const unsubscribe = useServerClock.subscribe(check)
    return () => {
      unfollow()
      unsubscribe()
    }
  }, [editor, doc, store])

  // Following one person: their viewport becomes ours until we move the camera ourselves.
  useEffect(() => {
    if (!editor) return
    let current: Viewport | null = null
    const apply = () => {
      const { following } = useFollowStore.getState()
      if (!following) {
        current = null
        return
      }
      const v = followedViewport(awareness.getStates(), following, awareness.clientID)
      if (!v || sameViewport(v, current)) return
      current = v
      moveTo(editor, v, 0)
    }
    const onEvent = (info: { type: string; name: string }) => {
      if (!useFollowStore.getState().following) return
      const own =
        info.type === 'wheel' ||
        info.type === 'pinch' ||
        (info.type === 'pointer' && info.name === 'pointer_down')
      if (own) useFollowStore.getState().stop()
    }
    const unsubscribe = useFollowStore.subscribe(apply)
    awareness.on('change', apply)
    editor.on('event', onEvent)
    apply()
    return () => {
      unsubscribe()
      awareness.off('change', apply)
      editor.off('event', onEvent)
    }
  }, [editor, awareness])
}
