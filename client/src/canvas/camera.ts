/** Camera moves of the canvas. */
import { type BoardMeta, columnRegion, sortColumns } from '@sensemaking/shared'
import { Box, type Editor } from 'tldraw'

/** Show the board's columns side by side, from their headers down. */
export function fitColumns(
  editor: Editor,
  meta: Pick<BoardMeta, 'columns'>,
  animate = false,
): void {
  const cols = sortColumns(meta.columns)
  if (cols.length === 0) return
  const first = columnRegion(meta.columns, cols[0]!.id)
  const last = columnRegion(meta.columns, cols[cols.length - 1]!.id)
  const width = last.x + last.w - first.x
  const view = editor.getViewportScreenBounds()
  // As tall as the screen's shape allows, so the columns' width is what decides the zoom.
  const height = Math.max(600, (width * view.h) / Math.max(1, view.w))
  editor.zoomToBounds(new Box(first.x, first.y, width, height), {
    inset: 24,
    animation: animate ? { duration: 240 } : undefined,
  })
}
