/**
 * Other people's drags in flight, drawn smoothly: their positions arrive through awareness
 * about 20 times a second, and each frame moves the shapes part of the way there. Only the
 * tldraw store is touched (as a remote change), never the document; when a drag ends the
 * note returns to the document's position, which by then holds the drop.
 */
import type { Editor, TLShape } from 'tldraw'
import { noteShapeId } from './mapping'

type P = { x: number; y: number }

/** Share of the remaining distance covered per frame: smooth, yet close within ~100 ms. */
const EASE = 0.45

export class RemoteDrags {
  private targets = new Map<string, P>()
  private current = new Map<string, P>()
  private frame: number | null = null

  constructor(
    private readonly editor: Editor,
    private readonly release: (noteIds: string[]) => void,
  ) {}

  /** Where a note is drawn while someone else drags it, or undefined. */
  positionOf(noteId: string): P | undefined {
    return this.current.get(noteId)
  }

  setTargets(next: ReadonlyMap<string, P>): void {
    const released: string[] = []
    for (const id of this.current.keys()) {
      if (!next.has(id)) released.push(id)
    }
    for (const id of released) {
      this.current.delete(id)
      this.targets.delete(id)
    }
    for (const [id, p] of next) {
      this.targets.set(id, p)
      if (!this.current.has(id)) {
        const s = this.editor.getShape(noteShapeId(id))
        if (s) this.current.set(id, { x: s.x, y: s.y })
        else this.targets.delete(id)
      }
    }
    if (released.length > 0) this.release(released)
    this.kick()
  }

  private kick() {
    if (this.frame === null && this.targets.size > 0) {
      this.frame = requestAnimationFrame(this.step)
    }
  }

  private step = () => {
    this.frame = null
    const updates: TLShape[] = []
    let moving = false
    for (const [id, t] of this.targets) {
      const c = this.current.get(id)
      if (!c) continue
      const dx = t.x - c.x
      const dy = t.y - c.y
      const done = Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5
      const n = done ? t : { x: c.x + dx * EASE, y: c.y + dy * EASE }
      if (!done) moving = true
      this.current.set(id, n)
      const s = this.editor.getShape(noteShapeId(id))
      if (s && (s.x !== n.x || s.y !== n.y)) updates.push({ ...s, x: n.x, y: n.y })
    }
    if (updates.length > 0) {
      this.editor.store.mergeRemoteChanges(() => this.editor.store.put(updates))
    }
    if (moving) this.kick()
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.frame = null
    this.targets.clear()
    this.current.clear()
  }
}
