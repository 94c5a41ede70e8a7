/**
 * Each sticky's stacking order (its z-index) from its place among all the board's notes, not
 * among the shapes drawn now.
 *
 * tldraw numbers the shapes it draws one after another in the page's order and writes that
 * number on each shape's element as its z-index. On a big board the window (windowedNotes.ts)
 * adds and removes notes as the camera moves, so a note leaving at the top shifts the number
 * of every note after it: each such sticky renders again (tldraw's shape component takes the
 * number as a prop), has its z-index rewritten, is restyled, and the page's layers are grouped
 * again from scratch, for hundreds of stickies on every step of a pan. Numbered by its rank
 * among all the board's notes (in the same order: tldraw's order keys, `noteIndex`), a sticky
 * keeps its number while the camera moves, and the stacking is the same as tldraw's.
 *
 * The numbers of notes start above any tldraw gives (twice its shapes per page, plus one per
 * shape drawn), so the columns and themes, drawn before the notes, stay beneath them. When a
 * shape that is not a note comes after a note in the page's order (something pasted), tldraw's
 * numbers are kept as they are.
 */
import type { Editor, TLShapeId } from 'tldraw'
import type { BoardStore } from '../board/boardStore'
import { noteIndex, noteShapeId } from './mapping'
import { NOTE_SHAPE } from './shapeTypes'

/** What of tldraw's rendering entries this reads and writes. */
export interface Numbered {
  id: TLShapeId
  shape: { type: string }
  index: number
}

/**
 * Renumber the notes of `shapes` (in tldraw's order) to `from` plus their rank, when every
 * note has one ('done'); nothing is changed when a note has none ('unranked') or a shape that
 * is not a note comes after a note ('mixed').
 */
export function renumberNotes(
  shapes: Numbered[],
  ranks: ReadonlyMap<TLShapeId, number>,
  from: number,
): 'done' | 'unranked' | 'mixed' {
  let seenNote = false
  for (const s of shapes) {
    if (s.shape.type === NOTE_SHAPE) {
      seenNote = true
      if (!ranks.has(s.id)) return 'unranked'
    } else if (seenNote) {
      return 'mixed'
    }
  }
  for (const s of shapes) {
    if (s.shape.type === NOTE_SHAPE) s.index = from + ranks.get(s.id)!
  }
  return 'done'
}

/** Each note's shape id to its place among all the notes by tldraw's order key. */
export function noteRanks(
  notes: Iterable<{ id: string; createdAt: number }>,
): Map<TLShapeId, number> {
  const keyed = [...notes].map((n) => ({ id: noteShapeId(n.id), key: noteIndex(n) }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return new Map(keyed.map((n, i) => [n.id, i]))
}

type Unordered = (useEditorState: boolean) => Numbered[]

/**
 * Number the stickies tldraw draws by their rank among the board's notes (see above). tldraw
 * computes its rendering entries in `getUnorderedRenderingShapes` (the page's order, before
 * it sorts them by id for React); the editor's own method is wrapped, for drawing only (an
 * image export keeps tldraw's numbers). Returns the disposer.
 */
export function keepZOrderStable(editor: Editor, store: BoardStore): () => void {
  const host = editor as unknown as { getUnorderedRenderingShapes: Unordered }
  const own = host.getUnorderedRenderingShapes
  if (typeof own !== 'function') return () => {}
  const from = editor.options.maxShapesPerPage * 3
  // Ranked again when the board's count of notes changed, or a note drawn has no rank yet.
  let ranks: Map<TLShapeId, number> | null = null
  let ranked = -1
  const rank = (again: boolean) => {
    const notes = store.allNotes()
    if (again || ranks === null || ranked !== notes.size) {
      ranks = noteRanks(notes.values())
      ranked = notes.size
    }
    return ranks
  }
  host.getUnorderedRenderingShapes = function (this: Editor, useEditorState: boolean) {
    const shapes = own.call(this, useEditorState)
    if (useEditorState && renumberNotes(shapes, rank(false), from) === 'unranked') {
      renumberNotes(shapes, rank(true), from)
    }
    return shapes
  }
  return () => {
    host.getUnorderedRenderingShapes = own
  }
}
