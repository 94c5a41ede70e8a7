/**
 * What moves on the canvas gets a compositing layer of its own while it moves, so that a frame
 * of the move is the compositor's work rather than painting the board again (in software
 * drawing, painting the stickies, their text and blurred shadows, is most of a frame).
 *
 * The shapes' layer, while the camera moves. A pan or a zoom changes only
 * the transform of tldraw's HTML layer; left in the page's own layer, every frame of the move
 * paints every sticky in view again (their text, their blurred shadows: in software drawing
 * the largest part of a pan's frame). Marked `will-change: transform` while the camera moves,
 * the layer is painted once and the compositor moves or scales it; a zoom shows it scaled
 * until the camera rests, when the mark goes and it is painted sharp at the new scale. The
 * mark is one property of one element, so nothing inside the layer is restyled. It stays for
 * SETTLE_MS after the camera rests, so a pan in steps is not painted again at every pause.
 */
import { useEffect } from 'react'
import { type Editor, react, type TLShapeId } from 'tldraw'
import { clusterIdOf } from './mapping'
import { lower, raise } from './raised'
import { CLUSTER_SHAPE, NOTE_SHAPE, type NoteShape } from './shapeTypes'
import { shapeElement, TLDRAW_DOM } from './tldrawDom'

const SETTLE_MS = 250

export function useMovingLayer(editor: Editor | null): void {
  useEffect(() => {
    if (!editor) return
    const container = editor.getContainer()
    let layer: HTMLElement | null = null
    let rest: ReturnType<typeof setTimeout> | null = null
    const settle = () => {
      rest = null
      if (layer) layer.style.willChange = ''
      layer = null
    }
    const stop = react('moving layer', () => {
      const moving = editor.getCameraState() === 'moving'
      if (moving) {
        if (rest !== null) clearTimeout(rest)
        rest = null
        if (layer?.isConnected) return
        layer = container.querySelector<HTMLElement>(`.${TLDRAW_DOM.htmlLayer}`)
        if (layer) layer.style.willChange = 'transform'
      } else if (layer && rest === null) {
        rest = setTimeout(settle, SETTLE_MS)
      }
    })
    return () => {
      stop()
      if (rest !== null) clearTimeout(rest)
      settle()
    }
  }, [editor])
}

/**
 * The shapes a person drags, each on a layer of its own for the drag: tldraw moves each by its
 * transform every frame, and a moved sticky left in the shapes' layer paints that layer again
 * where it was and where it goes. A theme's frame moves its notes with it (the binding), so
 * they are marked too. Marked once when the drag starts, unmarked when it ends.
 *
 * They are also raised above every other shape for the drag (`raise`): the browser groups what
 * it paints into compositing layers again whenever the page changed (every frame of a drag), and
 * each sticky painted above one of the moved layers and overlapping it must then get a layer of
 * its own, tested against every layer beneath it. A theme dragged across a column of stickies
 * drawn above it made that regrouping cost about 10 ms a frame; with the moved shapes on top,
 * nothing but the canvas's overlays lies above them.
 */
export function useMovingShapes(editor: Editor | null): void {
  useEffect(() => {
    if (!editor) return
    let marked: HTMLElement[] = []
    const unmark = () => {
      for (const el of marked) {
        el.style.willChange = ''
        lower(el)
      }
      marked = []
    }
    const mark = () => {
      if (!editor.isIn('select.translating')) return
      unmark()
      for (const id of movingShapes(editor)) {
        const el = shapeElement(editor, id)
        if (!el) continue
        el.style.willChange = 'transform'
        raise(el)
        marked.push(el)
      }
    }
    const stop = react('moving shapes', () => {
      // Outside the reaction: reading the shapes here would run it again at every move.
      if (editor.isIn('select.translating')) queueMicrotask(mark)
      else unmark()
    })
    return () => {
      stop()
      unmark()
    }
  }, [editor])
}

/** The shapes a drag of the selection moves: the selection, and the notes of its themes. */
export function movingShapes(editor: Editor): TLShapeId[] {
  const out = [...editor.getSelectedShapeIds()]
  const themes = new Set<string>()
  for (const id of out) {
    if (editor.getShape(id)?.type === CLUSTER_SHAPE) themes.add(clusterIdOf(id))
  }
  if (themes.size > 0) {
    for (const s of editor.getCurrentPageShapes()) {
      if (s.type === NOTE_SHAPE && themes.has((s as NoteShape).props.clusterId ?? '')) {
        out.push(s.id)
      }
    }
  }
  return out
}
