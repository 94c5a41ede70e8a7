/**
 * An overlay placed beside a box on the canvas (overlayPlacement.placeNear) once it is laid
 * out, from its own size: no second render, and never off screen.
 */
import { useLayoutEffect, useRef } from 'react'
import { placeNear, type ScreenBox, type Side } from './overlayPlacement'

/** Where an overlay is to go: the box it sits beside and the viewport's size, in screen px. */
export interface PlaceAt {
  box: ScreenBox
  view: { w: number; h: number }
}

/** A toolbar's sides: above its selection, else below. */
export const ABOVE_OR_BELOW: readonly Side[] = ['above', 'below']

/** Move `el` beside `at.box`, on the first side of `order` with room for it. */
export function moveNear(el: HTMLElement, at: PlaceAt, order: readonly Side[]): void {
  const p = placeNear(at.box, { w: el.offsetWidth, h: el.offsetHeight }, at.view, order)
  el.style.left = `${p.x}px`
  el.style.top = `${p.y}px`
}

/** A ref for an overlay that follows `at` after every render (nothing while `at` is null). */
export function usePlacedNear<T extends HTMLElement>(at: PlaceAt | null, order: readonly Side[]) {
  const ref = useRef<T>(null)
  useLayoutEffect(() => {
    if (ref.current && at) moveNear(ref.current, at, order)
  })
  return ref
}
