/**
 * Shapes raised above all others while they move (movingLayers.ts): tldraw writes each shape's
 * z-index (its place in the page's order) on the shape's element; a raised element gets that
 * plus RAISED_BY, and its own value back when it rests. Pure but for the element's style.
 */

/** What of an element this reads and writes (an HTMLElement; a plain object in the test). */
export type Raisable = { style: { zIndex: string } }

/**
 * Above every shape tldraw orders (it writes each shape's z-index, its place in the page's
 * order, on the shape's element): the raised ones keep their order among themselves (a
 * theme's frame stays under its notes). tldraw's values start at twice its shapes per page
 * (40,000 here) and grow by that for each frame's children: far below this.
 */
export const RAISED_BY = 1_000_000_000

/** tldraw's own z-index of each raised element, to give back. */
const lowered = new WeakMap<Raisable, { own: string; raised: string }>()

/** Raise an element above every shape tldraw orders, keeping its own order among the raised. */
export function raise(el: Raisable): void {
  if (lowered.has(el)) return
  const own = el.style.zIndex
  const raised = String(RAISED_BY + (Number(own) || 0))
  el.style.zIndex = raised
  lowered.set(el, { own, raised })
}

/** Back to tldraw's z-index, unless tldraw wrote a new one meanwhile (then that one stays). */
export function lower(el: Raisable): void {
  const z = lowered.get(el)
  if (!z) return
  lowered.delete(el)
  if (el.style.zIndex === z.raised) el.style.zIndex = z.own
}
