/** Where an overlay goes beside a box on the canvas so that it stays inside the screen. */

export type Side = 'above' | 'below' | 'right' | 'left'

export interface ScreenBox {
  left: number
  top: number
  right: number
  bottom: number
}

const GAP = 10
const MARGIN = 8

/**
 * The top-left corner for an overlay of `size` next to `box` (viewport px): the first side in
 * `order` with room for it, else the side with the most room; then moved along that side, and
 * if need be across, to lie wholly inside `view` (or pinned to its top-left when larger).
 */
export function placeNear(
  box: ScreenBox,
  size: { w: number; h: number },
  view: { w: number; h: number },
  order: readonly Side[],
): { x: number; y: number; side: Side } {
  const room: Record<Side, number> = {
    above: box.top - GAP - MARGIN - size.h,
    below: view.h - box.bottom - GAP - MARGIN - size.h,
    right: view.w - box.right - GAP - MARGIN - size.w,
    left: box.left - GAP - MARGIN - size.w,
  }
  const side = order.find((s) => room[s] >= 0) ?? [...order].sort((a, b) => room[b] - room[a])[0]!
  const cx = (box.left + box.right) / 2 - size.w / 2
  const cy = (box.top + box.bottom) / 2 - size.h / 2
  const at: Record<Side, { x: number; y: number }> = {
    above: { x: cx, y: box.top - GAP - size.h },
    below: { x: cx, y: box.bottom + GAP },
    right: { x: box.right + GAP, y: Math.max(box.top, cy) },
    left: { x: box.left - GAP - size.w, y: Math.max(box.top, cy) },
  }
  const clamp = (v: number, max: number) => Math.max(MARGIN, Math.min(v, max - MARGIN))
  const p = at[side]
  return {
    x: clamp(p.x, view.w - size.w),
    y: clamp(p.y, view.h - size.h),
    side,
  }
}
