/**
 * The whole of a note that its sticky shows cut short (an ellipsis ends its last line): on a
 * click on the sticky (anyone's, locked ones too, which cannot be selected), or when it is
 * selected from the keyboard, its full text, lever and author (and a copy's room) open in a
 * card beside it, inside the screen, at a readable size whatever the zoom. A theme whose
 * title its bar cuts (far out, the bar has room for one line) opens its whole title (and its
 * rooms) the same way. A click elsewhere or Escape closes it. The card does not catch the
 * pointer (a click on a sticky under it reaches the sticky), unless its text scrolls.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { type TLEventInfo, type TLShapeId, useEditor, useValue } from 'tldraw'
import { useBoard } from '../board/BoardContext'
import { LeverGlyph } from '../levers/LeverGlyph'
import { markOf } from '../levers/marks'
import { clusterIdOf, noteIdOf } from './mapping'
import { CLUSTER_SHAPE, type ClusterShape, NOTE_SHAPE, type NoteShape } from './shapeTypes'
import { moveNear } from './usePlacedNear'

/** The element whose overflow says a shape is cut short, and the shape's id in the board. */
function cutElement(container: HTMLElement, shape: NoteShape | ClusterShape) {
  const sel =
    shape.type === NOTE_SHAPE
      ? `.note[data-note-id="${CSS.escape(noteIdOf(shape.id))}"] .note-text`
      : `.theme-frame[data-theme-id="${CSS.escape(clusterIdOf(shape.id))}"] .theme-title > span`
  return container.querySelector<HTMLElement>(sel)
}

export function NotePeek() {
  const editor = useEditor()
  const { meta } = useBoard()
  const ref = useRef<HTMLDivElement>(null)
  const [cut, setCut] = useState<string | null>(null)
  const [clicked, setClicked] = useState<TLShapeId | null>(null)

  // A click (a press and a release in place) on a sticky opens it; anywhere else closes it.
  useEffect(() => {
    let down: { x: number; y: number } | null = null
    const onEvent = (e: TLEventInfo) => {
      if (e.type !== 'pointer') return
      if (e.name === 'pointer_down') down = { x: e.point.x, y: e.point.y }
      if (e.name !== 'pointer_up' || !down) return
      const moved = Math.hypot(e.point.x - down.x, e.point.y - down.y)
      down = null
      if (moved > 4) return
      const hit = editor.getShapeAtPoint(editor.inputs.currentPagePoint, {
        hitInside: true,
        hitLocked: true,
        filter: (s) => s.type === NOTE_SHAPE || s.type === CLUSTER_SHAPE,
      })
      setClicked(hit?.id ?? null)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setClicked(null)
    }
    editor.on('event', onEvent)
    window.addEventListener('keydown', onKey)
    return () => {
      editor.off('event', onEvent)
      window.removeEventListener('keydown', onKey)
    }
  }, [editor])

  const state = useValue('note peek', () => {
    if (editor.getEditingShapeId() !== null) return null
    if (editor.isInAny('select.translating', 'select.resizing', 'select.brushing')) return null
    const sel = editor.getSelectedShapes()
    const peekable = (s: { type: string } | undefined) =>
      s?.type === NOTE_SHAPE || s?.type === CLUSTER_SHAPE
    const chosen =
      sel.length === 1 && peekable(sel[0]) ? sel[0] : clicked ? editor.getShape(clicked) : undefined
    if (!chosen || !peekable(chosen)) return null
    const shape = chosen as NoteShape | ClusterShape
    const b = editor.getShapePageBounds(shape.id)
    if (!b) return null
    const a = editor.pageToViewport({ x: b.minX, y: b.minY })
    // A theme's frame can be taller than the screen: its card goes beside its title bar.
    const z = editor.pageToViewport({
      x: b.maxX,
      y: shape.type === NOTE_SHAPE ? b.maxY : Math.min(b.maxY, b.minY + 56),
    })
    const view = editor.getViewportScreenBounds()
    return {
      shape,
      box: { left: a.x, top: a.y, right: z.x, bottom: z.y },
      view: { w: view.w, h: view.h },
    }
  }, [editor, clicked])

  // Whether the sticky cut its text: measured on the sticky itself, after layout.
  useLayoutEffect(() => {
    if (!state) {
      if (cut !== null) setCut(null)
      return
    }
    const text = cutElement(editor.getContainer(), state.shape)
    const isCut = !!text && text.scrollHeight > text.clientHeight + 1
    const next = isCut ? state.shape.id : null
    if (next !== cut) setCut(next)
    const el = ref.current
    if (el && isCut) {
      moveNear(el, state, ['right', 'left', 'below', 'above'])
      // The card lies over neighbouring stickies: clicks go through it to them (a shift-click
      // adding the next note to a selection), unless its text needs scrolling.
      el.classList.toggle('note-peek-scrolls', el.scrollHeight > el.clientHeight + 1)
    }
  })

  if (!state || cut !== state.shape.id) return null
  if (state.shape.type === CLUSTER_SHAPE) {
    const { title, locked, sourceRooms } = state.shape.props
    return (
      <div
        ref={ref}
        className="note-peek"
        role="note"
        aria-label="The whole theme title"
        data-peek={clusterIdOf(state.shape.id)}
        onPointerDown={(e) => e.stopPropagation()}
        onWheel={(e) => e.stopPropagation()}
      >
        <p className="note-peek-lever">Theme{locked ? ' · locked' : ''}</p>
        <p className="note-peek-text note-peek-title" dir="auto">
          {title}
        </p>
        {sourceRooms && <p className="note-peek-by copy-from">From {sourceRooms}</p>}
      </div>
    )
  }
  const { text, lever, author, city, sourceRoom } = state.shape.props
  const mark = markOf(meta.tags, lever)
  return (
    <div
      ref={ref}
      className="note-peek"
      role="note"
      aria-label="The whole note"
      data-peek={noteIdOf(state.shape.id)}
      onPointerDown={(e) => e.stopPropagation()}
      onWheel={(e) => e.stopPropagation()}
    >
      <p className="note-peek-lever">
        {mark ? (
          <>
            <LeverGlyph shape={mark.shape} color={mark.color} />
            {mark.label}
          </>
        ) : (
          'No lever'
        )}
      </p>
      <p className="note-peek-text" dir="auto">
        {text}
      </p>
      <p className="note-peek-by" dir="auto">
        {author}
        {city && <span className="muted"> · {city}</span>}
      </p>
      {sourceRoom && <p className="note-peek-by copy-from">From {sourceRoom}</p>}
    </div>
  )
}
