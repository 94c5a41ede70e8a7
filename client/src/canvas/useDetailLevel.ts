/**
 * The canvas's level of detail (detail.ts) as CSS custom properties on its container: one
 * reactor for the whole canvas, and the stickies' CSS does the rest, rather than every sticky
 * watching the zoom itself. It writes only when a step is crossed.
 */
import { useEffect } from 'react'
import { type Editor, react } from 'tldraw'
import { detailAt } from './detail'

export function useDetailLevel(editor: Editor | null): void {
  useEffect(() => {
    if (!editor) return
    const container = editor.getContainer()
    let last = ''
    return react('sticky detail', () => {
      const d = detailAt(editor.getEfficientZoomLevel())
      const key = `${d.level}:${d.textFloor}`
      if (key === last) return
      last = key
      container.dataset.detail = d.level
      container.style.setProperty('--lod-text', String(d.textFloor))
      container.style.setProperty('--lod-band', String(d.bandFont))
      container.style.setProperty('--lod-title', String(d.titleFloor))
    })
  }, [editor])
}
