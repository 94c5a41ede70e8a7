/** Camera moves of the canvas. */
import { type BoardMeta, columnRegion, sortColumns } from '@sensemaking/shared'
import { Box, type Editor } from 'tldraw'

/** Below this screen width one column at a time is shown: three would be unreadable. */
const NARROW = 700

/**
 * Show the board's columns side by side, from their headers down; on a narrow screen, the
 * active question's column (or the first).
 */
export function fitColumns(
  editor: Editor,
  meta: Pick<BoardMeta, 'columns' | 'phase'>,
  animate = false,
): void {
  const cols = sortColumns(meta.columns)
  if (cols.length === 0) return
  const view = editor.getViewportScreenBounds()
  const narrow = view.w < NARROW
  const one = cols.find((c) => c.id === meta.phase) ?? cols[0]!
  const first = columnRegion(meta.columns, narrow ? one.id : cols[0]!.id)
  const last = columnRegion(meta.columns, narrow ? one.id : cols[cols.length - 1]!.id)
  const width = last.x + last.w - first.x
  // As tall as the screen's shape allows, so the columns' width is what decides the zoom.
  const height = Math.max(600, (width * view.h) / Math.max(1, view.w))
  editor.zoomToBounds(new Box(first.x, first.y, width, height), {
    inset: narrow ? 8 : 24,
    animation: animate ? { duration: 240 } : undefined,
  })
}
