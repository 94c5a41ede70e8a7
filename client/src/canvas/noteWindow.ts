/**
 * Which notes the canvas draws: on a big board, only those around the view.
 *
 * The document stays the truth for every note; tldraw's store holds a shape for a note only
 * while it lies in the view or near it (`windowAround`), so the store and the page's React tree
 * stay at a few hundred shapes whatever the board's size, and tldraw's work per frame (the
 * shapes it renders, culls and hit-tests) with them. A board of WINDOW_FROM live notes or
 * fewer is drawn whole, as it always was. Pure: the binding asks it, and its test runs in Node.
 */
import { type BoardMeta, isLive, NOTE_SIZE, type NoteView } from '@sensemaking/shared'
import { displayPosition } from './mapping'

/** A board with more live notes than this is drawn around the view only. */
export const WINDOW_FROM = 400

/**
 * How far past the view notes are drawn, in screen px: a pan of this much shows notes drawn
 * already. Those drawn stay until they are KEEP_PX away, so a pan back and forth does not
 * add and remove the same shapes.
 */
export const AHEAD_PX = 500
export const KEEP_PX = 1000

/**
 * Notes in the view itself are always drawn; those ahead of it only up to this many in all
 * (far out, the nearest to the view's centre).
 */
export const MAX_DRAWN = 900

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** The part of the page whose notes are drawn; `all` on a small board. */
export interface NoteWindow {
  all: boolean
  /** The view: its notes are always drawn. */
  view: Box
  /** Notes meeting this box are drawn. */
  ahead: Box
  /** Notes drawn already stay while they meet this (larger) box. */
  keep: Box
  /** The view's centre, for the cap's nearest-first order. */
  centre: { x: number; y: number }
}

/** Every note drawn, as on a small board (before the view is known). */
export const WHOLE_BOARD: NoteWindow = {
  all: true,
  view: { x: 0, y: 0, w: 0, h: 0 },
  ahead: { x: 0, y: 0, w: 0, h: 0 },
  keep: { x: 0, y: 0, w: 0, h: 0 },
  centre: { x: 0, y: 0 },
}

const grow = (b: Box, by: number): Box => ({
  x: b.x - by,
  y: b.y - by,
  w: b.w + 2 * by,
  h: b.h + 2 * by,
})

/** The window around a view (page units) at a zoom, for a board of `live` notes. */
export function windowAround(view: Box, zoom: number, live: number): NoteWindow {
  const z = zoom > 0 ? zoom : 1
  return {
    all: live <= WINDOW_FROM,
    view: { ...view },
    ahead: grow(view, AHEAD_PX / z),
    keep: grow(view, KEEP_PX / z),
    centre: { x: view.x + view.w / 2, y: view.y + view.h / 2 },
  }
}

const meets = (b: Box, p: { x: number; y: number }) =>
  p.x + NOTE_SIZE.w >= b.x && p.x <= b.x + b.w && p.y + NOTE_SIZE.h >= b.y && p.y <= b.y + b.h

/** Where notes are drawn, remembered per note value (a changed note is a new value). */
const placed = new WeakMap<NoteView, { x: number; y: number }>()

/** A note's position as the canvas draws it (inside its column [F7.2]). */
export function placeOf(
  meta: Pick<BoardMeta, 'columns'>,
  note: NoteView,
): { x: number; y: number } {
  let p = placed.get(note)
  if (!p) {
    p = displayPosition(meta, note)
    placed.set(note, p)
  }
  return p
}

/** Is this note drawn, given whether it is drawn now? (Live notes only; the cap aside.) */
export function shows(
  w: NoteWindow,
  meta: Pick<BoardMeta, 'columns'>,
  note: NoteView,
  drawn: boolean,
): boolean {
  if (w.all) return true
  return meets(drawn ? w.keep : w.ahead, placeOf(meta, note))
}

/** How many of these notes are live. */
export function liveCount(notes: Iterable<NoteView>): number {
  let n = 0
  for (const note of notes) if (isLive(note)) n++
  return n
}

/**
 * The live notes to draw: those in the view; those ahead of it up to MAX_DRAWN in all, nearest
 * to the view's centre first; `pinned` ones (selected, being edited, just revealed) always.
 */
export function notesToDraw(
  w: NoteWindow,
  meta: Pick<BoardMeta, 'columns'>,
  notes: Iterable<NoteView>,
  drawn: ReadonlySet<string>,
  pinned: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>()
  const near: Array<{ id: string; d: number }> = []
  let inView = 0
  for (const note of notes) {
    if (!isLive(note)) continue
    if (pinned.has(note.id)) {
      out.add(note.id)
      continue
    }
    if (!shows(w, meta, note, drawn.has(note.id))) continue
    if (w.all) {
      out.add(note.id)
      continue
    }
    const p = placeOf(meta, note)
    if (meets(w.view, p)) {
      out.add(note.id)
      inView++
      continue
    }
    const dx = p.x + NOTE_SIZE.w / 2 - w.centre.x
    const dy = p.y + NOTE_SIZE.h / 2 - w.centre.y
    near.push({ id: note.id, d: dx * dx + dy * dy })
  }
  const room = Math.max(0, MAX_DRAWN - inView)
  if (near.length > room) near.sort((a, b) => a.d - b.d)
  for (const n of near.slice(0, room)) out.add(n.id)
  return out
}

/**
 * Of the notes to add, those drawn this frame: those in the view itself up to `caps.view`
 * (what the person looks at waits for little: a board's first view is drawn in one go, the
 * cap only spreads a zoom far out over a few frames), and those ahead of it up to
 * `caps.ahead`, each nearest the view's centre first; `later` of them wait for a next frame.
 * On a board drawn whole, all at once.
 */
export function addNow(
  w: NoteWindow,
  meta: Pick<BoardMeta, 'columns'>,
  notes: readonly NoteView[],
  caps: { view: number; ahead: number },
): { now: string[]; later: number } {
  if (w.all) return { now: notes.map((n) => n.id), later: 0 }
  const inView: Array<{ id: string; d: number }> = []
  const ahead: Array<{ id: string; d: number }> = []
  for (const note of notes) {
    const p = placeOf(meta, note)
    const dx = p.x + NOTE_SIZE.w / 2 - w.centre.x
    const dy = p.y + NOTE_SIZE.h / 2 - w.centre.y
    ;(meets(w.view, p) ? inView : ahead).push({ id: note.id, d: dx * dx + dy * dy })
  }
  const nearest = (list: Array<{ id: string; d: number }>, cap: number) => {
    if (list.length > cap) list.sort((a, b) => a.d - b.d)
    return list.slice(0, cap).map((a) => a.id)
  }
  const now = [...nearest(inView, caps.view), ...nearest(ahead, caps.ahead)]
  return { now, later: notes.length - now.length }
}
