/**
 * Other people's drags in flight, drawn smoothly: their positions arrive through awareness
 * about 20 times a second, and each animation frame eases the shapes part of the way there.
 * This is a layer on top of the canvas: it offsets the shapes' DOM containers with the CSS
 * `translate` property (which composes with tldraw's own `transform`) and touches neither the
 * document nor tldraw's store, so a drag costs a remote viewer no re-rendering of the board.
 * When a drag ends the offsets go; by then the document holds the drop.
 */
import type { Editor, TLShapeId } from 'tldraw'
import { shapeElement } from './tldrawDom'

type P = { x: number; y: number }

/** Share of the remaining distance covered per frame: smooth, yet close within ~100 ms. */
const EASE = 0.45

export class RemoteDrags {
  /** Keyed by shape id: notes, and themes' frames. */
  private targets = new Map<TLShapeId, P>()
  private current = new Map<TLShapeId, P>()
  private elements = new Map<TLShapeId, HTMLElement>()
  private frame: number | null = null

  constructor(private readonly editor: Editor) {}

  /** Where the document (the store) has a shape now. */
  private base(id: TLShapeId): P | null {
    const s = this.editor.store.get(id) as P | undefined
    return s ? { x: s.x, y: s.y } : null
  }

  private element(id: TLShapeId): HTMLElement | null {
    const known = this.elements.get(id)
    if (known?.isConnected) return known
    const el = shapeElement(this.editor, id)
    if (el) this.elements.set(id, el)
    else this.elements.delete(id)
    return el
  }

  setTargets(next: ReadonlyMap<TLShapeId, P>): void {
    for (const id of [...this.current.keys()]) {
      if (next.has(id)) continue
      const el = this.element(id)
      if (el) el.style.translate = ''
      this.current.delete(id)
      this.targets.delete(id)
      this.elements.delete(id)
    }
    for (const [id, p] of next) {
      if (!this.current.has(id)) {
        const b = this.base(id)
        if (!b) continue
        this.current.set(id, b)
      }
      this.targets.set(id, p)
    }
    if (this.frame === null && this.targets.size > 0) {
      this.frame = requestAnimationFrame(this.step)
    }
  }

  private step = () => {
    this.frame = null
    let moving = false
    for (const [id, t] of this.targets) {
      const c = this.current.get(id)
      const b = this.base(id)
      if (!c || !b) continue
      const dx = t.x - c.x
      const dy = t.y - c.y
      const done = Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5
      const n = done ? t : { x: c.x + dx * EASE, y: c.y + dy * EASE }
      if (!done) moving = true
      this.current.set(id, n)
      // The offset is from where the store has the shape: right even if the drop arrives first.
      const el = this.element(id)
      if (el) el.style.translate = `${n.x - b.x}px ${n.y - b.y}px`
    }
    if (moving) this.frame = requestAnimationFrame(this.step)
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.frame = null
    for (const id of this.current.keys()) {
      const el = this.element(id)
      if (el) el.style.translate = ''
    }
    this.targets.clear()
    this.current.clear()
    this.elements.clear()
  }
}
