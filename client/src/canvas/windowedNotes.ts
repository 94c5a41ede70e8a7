/**
 * The binding's window on a big board (noteWindow.ts decides, this applies): as the camera
 * moves or the selection changes, at most every WINDOW_MS, the notes come into the window get
 * a shape (in batches a frame, those in the view first, at most ADD_PER_FRAME, nearest the
 * view first) and those gone out of it
 * lose theirs. Selected notes, the one edited, those in a gesture and those an action revealed
 * (drawnNotes.ts) are drawn wherever they are. The shapes themselves are written by the
 * binding, as every change from the document is ('remote': never in undo, never written back).
 */
import type { BoardMeta } from '@sensemaking/shared'
import { type Editor, react, type TLShapeId } from 'tldraw'
import type { BoardStore } from '../board/boardStore'
import { throttle } from '../lib/throttle'
import { setNoteDrawing } from './drawnNotes'
import { noteIdOf, noteShapeId } from './mapping'
import {
  addNow,
  liveCount,
  type NoteWindow,
  notesToDraw,
  shows,
  WHOLE_BOARD,
  windowAround,
} from './noteWindow'

/** The notes drawn follow the camera at most this often. */
const WINDOW_MS = 100
/** A note an action revealed stays drawn this long, then while selected or in view. */
const REVEAL_MS = 5000
/**
 * Notes coming into the window are drawn at most this many a frame, nearest the view's centre
 * first (noteWindow.ts, `addNow`): mounting a sticky costs its React component, and a pan
 * should not stall on a batch. Those in the view itself are not held back for those ahead:
 * a board's first view (a few hundred stickies at 1440×900) is drawn in one frame.
 */
const ADD_PER_FRAME = { view: 400, ahead: 50 }

export interface WindowHost {
  editor: Editor
  store: BoardStore
  meta(): BoardMeta
  /** Notes in the person's gesture in flight. */
  moving(): Iterable<string>
  /** Draw these notes (with their text) as the document has them. */
  draw(ids: string[]): void
  /** Remove the shapes of these notes (they stay in the document). */
  undraw(ids: TLShapeId[]): void
}

export class WindowedNotes {
  private win: NoteWindow = WHOLE_BOARD
  /** Notes drawn wherever they are, until the time given (revealed by an action). */
  private readonly pins = new Map<string, number>()
  /** Callers that asked for every note to be drawn (an export, select-all). */
  private everyNote = 0
  private frame: number | null = null
  private readonly refresh = throttle(() => this.apply(), WINDOW_MS)

  constructor(private readonly host: WindowHost) {}

  /** Follow the camera and the selection; returns the disposer. */
  start(): () => void {
    const { editor } = this.host
    this.update()
    const stop = react('note window', () => {
      editor.getViewportPageBounds()
      editor.getSelectedShapeIds()
      // After the reaction: the store is written outside of tldraw's own update.
      queueMicrotask(() => this.refresh())
    })
    const unregister = setNoteDrawing(editor, {
      reveal: (ids) => this.reveal(ids),
      drawEvery: () => this.drawEvery(),
    })
    return () => {
      stop()
      unregister()
      this.refresh.cancel()
      if (this.frame !== null) cancelAnimationFrame(this.frame)
    }
  }

  /** Read the view and the board's size again (the board's notes came or went). */
  update(): void {
    this.win = this.current()
  }

  /** Apply the window soon (a note came, went or moved). */
  soon(): void {
    this.refresh()
  }

  /**
   * The test of one note's change: null when the board is drawn whole, else whether a note
   * (drawn now or not) has a shape.
   */
  filter(): ((id: string, drawn: boolean) => boolean) | null {
    if (this.win.all) return null
    const pinned = this.pinned()
    const meta = this.host.meta()
    return (id, drawn) => {
      if (pinned.has(id)) return true
      const note = this.host.store.note(id)
      return note !== undefined && shows(this.win, meta, note, drawn)
    }
  }

  private current(): NoteWindow {
    if (this.everyNote > 0) return WHOLE_BOARD
    const { editor, store } = this.host
    const v = editor.getViewportPageBounds()
    const live = liveCount(store.allNotes().values())
    return windowAround({ x: v.x, y: v.y, w: v.w, h: v.h }, editor.getZoomLevel(), live)
  }

  private pinned(): Set<string> {
    const { editor } = this.host
    const out = new Set<string>()
    for (const id of editor.getSelectedShapeIds()) out.add(noteIdOf(id))
    const editing = editor.getEditingShapeId()
    if (editing) out.add(noteIdOf(editing))
    for (const id of this.host.moving()) out.add(id)
    const now = Date.now()
    for (const [id, until] of this.pins) {
      if (until < now) this.pins.delete(id)
      else out.add(id)
    }
    return out
  }

  /**
   * The board's notes that have a shape now. A shape is known as a note's by its id alone (a
   * note's shape id is its note's, `mapping.ts`): reading each shape's record from tldraw's
   * store was a third of the window's work in a pan. A shape without a note (one just pasted)
   * is the binding's to write, not the window's to add or remove.
   */
  private drawn(): Set<string> {
    const notes = this.host.store.allNotes()
    const out = new Set<string>()
    for (const id of this.host.editor.getCurrentPageShapeIds()) {
      const noteId = noteIdOf(id)
      if (notes.has(noteId)) out.add(noteId)
    }
    return out
  }

  /** Add the notes come into the window and remove those gone out of it. */
  private apply(): void {
    const before = this.win.all
    this.win = this.current()
    if (before && this.win.all) return
    const meta = this.host.meta()
    const drawn = this.drawn()
    const notes = this.host.store.allNotes()
    const want = notesToDraw(this.win, meta, notes.values(), drawn, this.pinned())
    const add = [...want].filter((id) => !drawn.has(id))
    // A shape without a note is one the person just pasted: the binding writes it.
    const gone = [...drawn].filter((id) => !want.has(id) && notes.has(id))
    const batch = addNow(
      this.win,
      meta,
      add.map((id) => notes.get(id)!),
      ADD_PER_FRAME,
    )
    if (batch.later > 0) {
      this.frame ??= requestAnimationFrame(() => {
        this.frame = null
        this.apply()
      })
    }
    if (gone.length === 0 && batch.now.length === 0) return
    // One change of tldraw's store for both: it re-derives its rendered shapes and React
    // renders its shapes' list once, not once for those going and again for those coming.
    this.host.editor.store.mergeRemoteChanges(() => {
      if (gone.length > 0) this.host.undraw(gone.map(noteShapeId))
      if (batch.now.length > 0) this.host.draw(batch.now)
    })
  }

  private reveal(ids: readonly string[]): void {
    const until = Date.now() + REVEAL_MS
    for (const id of ids) this.pins.set(id, until)
    this.host.draw([...ids])
  }

  private drawEvery(): () => void {
    this.everyNote++
    this.apply()
    let released = false
    return () => {
      if (released) return
      released = true
      this.everyNote--
      this.refresh()
    }
  }
}
