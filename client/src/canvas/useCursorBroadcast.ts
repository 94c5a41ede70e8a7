/** Our pointer's page position, shared through awareness about ten times a second. */

import { PRESENCE } from '@sensemaking/shared'
import { useEffect } from 'react'
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { setPresence } from '../board/setPresence'
import { throttle } from '../lib/throttle'

const CURSOR_MS = 100

export function useCursorBroadcast(editor: Editor | null, awareness: Awareness): void {
  useEffect(() => {
    if (!editor) return
    const send = throttle(() => {
      const p = editor.inputs.getCurrentPagePoint()
      setPresence(awareness, PRESENCE.cursor, { x: Math.round(p.x), y: Math.round(p.y) })
    }, CURSOR_MS)
    const onEvent = (info: { type: string; name: string }) => {
      if (info.type === 'pointer' && info.name === 'pointer_move') send()
    }
    const leave = () => {
      send.cancel()
      setPresence(awareness, PRESENCE.cursor, null)
    }
    editor.on('event', onEvent)
    const container = editor.getContainer()
    container.addEventListener('pointerleave', leave)
    return () => {
      editor.off('event', onEvent)
      container.removeEventListener('pointerleave', leave)
      send.cancel()
    }
  }, [editor, awareness])
}
