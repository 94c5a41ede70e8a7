/**
 * Every reach into tldraw's DOM, in one module: the element tldraw draws around a shape (its
 * `DefaultShapeWrapper`: class `tl-shape`, attribute `data-shape-id`) and the class of its
 * container, whose CSS variables canvas.css sets. Not part of tldraw's API: written against
 * tldraw 5.4.2, and `tldrawDom.test.ts` pins that version and checks the names in its sources.
 */
import type { Editor, TLShapeId } from 'tldraw'

export const TLDRAW_DOM = {
  /** Class of the element around each shape. */
  shape: 'tl-shape',
  /** Attribute of that element holding the shape's id. */
  shapeId: 'data-shape-id',
  /** Class of the editor's container (canvas.css sets its colours there). */
  container: 'tl-container',
  /** Class of the layer holding the shapes, moved and scaled by the camera's transform. */
  htmlLayer: 'tl-html-layer',
} as const

/** A CSS selector of the element around the shape `id`. */
export function shapeSelector(id: string, quote: (s: string) => string = CSS.escape): string {
  return `.${TLDRAW_DOM.shape}[${TLDRAW_DOM.shapeId}="${quote(id)}"]`
}

/** The element tldraw draws around a shape, or null while it is not drawn. */
export function shapeElement(editor: Editor, id: TLShapeId): HTMLElement | null {
  return editor.getContainer().querySelector<HTMLElement>(shapeSelector(id))
}
