/**
 * Below a zoom level a sticky's lever label and byline are unreadable: one reactor marks the
 * canvas container and CSS hides them, rather than every sticky watching the zoom itself.
 */
import { useEffect } from 'react'
import { type Editor, react } from 'tldraw'

const DETAIL_ZOOM = 0.3

export function useDetailLevel(editor: Editor | null): void {
  useEffect(() => {
    if (!editor) return
    const container = editor.getContainer()
    return react('sticky detail', () => {
      const low = editor.getEfficientZoomLevel() < DETAIL_ZOOM
      container.dataset.detail = low ? 'low' : 'full'
    })
  }, [editor])
}
