/** Camera moves of the canvas. */
import { type BoardMeta, columnRegion, sortColumns } from '@sensemaking/shared'
import { Box, type Editor, type TLShapeId } from 'tldraw'
import { LOWEST_READABLE_ZOOM } from './detail'
import { columnShapeId, MIN_COLUMN_HEIGHT } from './mapping'

/** Below this screen width one column at a time is shown: three would be unreadable. */
const NARROW = 700
/** Fitting never zooms in past 100 %: a board with two notes is not shown at 300 %. */
const MAX_FIT_ZOOM = 1

/** The page box to show for the columns: their regions as drawn, which grow with their notes. */
function columnsBox(editor: Editor, meta: Pick<BoardMeta, 'columns'>, ids: string[]): Box | null {
  let box: Box | null = null
  for (const id of ids) {
    const drawn = editor.getShapePageBounds(columnShapeId(id))
    const r = columnRegion(meta.columns, id)
    const b = drawn ?? new Box(r.x, r.y, r.w, MIN_COLUMN_HEIGHT)
    box = box ? Box.Common([box, b]) : b.clone()
  }
  return box
}

/**
 * The camera that shows `box` on a screen `view` wide and high: all of it when that keeps
 * note text readable, else as much as a readable size allows, from the top; never past 100 %.
 * Centred across, top-aligned. Pure, so it is unit-tested.
 */
export function cameraFor(
  box: { x: number; y: number; w: number; h: number },
  view: { w: number; h: number },
  inset: number,
): { x: number; y: number; z: number } {
  const zw = Math.max(0.01, (view.w - 2 * inset) / box.w)
  const zh = Math.max(0.01, (view.h - 2 * inset) / box.h)
  let z = Math.min(zw, zh, MAX_FIT_ZOOM)
  if (z < LOWEST_READABLE_ZOOM) z = Math.min(zw, LOWEST_READABLE_ZOOM, MAX_FIT_ZOOM)
  return {
    x: (view.w - box.w * z) / 2 / z - box.x,
    y: inset / z - box.y,
    z,
  }
}

/**
 * Fit the board: its columns side by side, as tall as their notes reach (the content, not
 * empty regions); on a narrow screen, the active question's column (or the first).
 */
export function fitBoard(
  editor: Editor,
  meta: Pick<BoardMeta, 'columns' | 'phase'>,
  animate = false,
): void {
  const cols = sortColumns(meta.columns)
  if (cols.length === 0) return
  const view = editor.getViewportScreenBounds()
  const narrow = view.w < NARROW
  const one = cols.find((c) => c.id === meta.phase) ?? cols[0]!
  const box = columnsBox(editor, meta, narrow ? [one.id] : cols.map((c) => c.id))
  if (!box) return
  const cam = cameraFor(box, { w: view.w, h: view.h }, narrow ? 8 : 24)
  editor.setCamera(cam, animate ? { animation: { duration: 240 } } : undefined)
}

/**
 * Pan (never zoom) just enough to bring a shape wholly into view, with a margin; nothing
 * moves when it is in view already. Posting a note keeps the overview a person chose.
 */
export function bringIntoView(editor: Editor, id: TLShapeId, margin = 24): void {
  const b = editor.getShapePageBounds(id)
  if (!b) return
  const view = editor.getViewportPageBounds()
  if (view.contains(b)) return
  const m = margin / editor.getZoomLevel()
  let dx = 0
  let dy = 0
  if (b.minX - m < view.minX) dx = b.minX - m - view.minX
  else if (b.maxX + m > view.maxX) dx = Math.min(b.maxX + m - view.maxX, b.minX - m - view.minX)
  if (b.minY - m < view.minY) dy = b.minY - m - view.minY
  else if (b.maxY + m > view.maxY) dy = Math.min(b.maxY + m - view.maxY, b.minY - m - view.minY)
  const cam = editor.getCamera()
  editor.setCamera({ x: cam.x - dx, y: cam.y - dy, z: cam.z }, { animation: { duration: 200 } })
}
