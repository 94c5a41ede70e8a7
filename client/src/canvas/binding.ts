/**
 * The two-way binding between a board's Y.Doc and a tldraw editor.
 *
 * Document → tldraw: the board's read model reports the entries each transaction touched;
 * only those shapes are re-mapped and written with `mergeRemoteChanges` (source 'remote').
 * tldraw → document: `store.listen` with source 'user' collects what the person did; while
 * a drag or resize is in flight, positions go to awareness only, and when it ends a pure
 * planner (`commitPlan.ts`) decides the writes and the document gets them in one transaction
 * with CANVAS_ORIGIN. Each side ignores its own echo: document changes of CANVAS_ORIGIN are
 * skipped, and so are tldraw's 'remote' changes.
 *
 * On a big board tldraw's store holds only the notes around the view (noteWindow.ts): as the
 * camera moves, notes are added and removed in batches, as 'remote' changes (never in undo,
 * never written back). Whatever reads every note reads the document through the board's store.
 */
import {
  type Actor,
  assignToCluster,
  type BoardMeta,
  clusterOfDragKey,
  createNote,
  deleteNote,
  dissolveCluster,
  frameDragKey,
  inLockedTheme,
  isLive,
  moveNotes,
  type NoteView,
  type PolicyState,
  PRESENCE,
  readPresence,
  setClusterBounds,
  whyNotArrangeThemes,
  whyNotEditNote,
} from '@sensemaking/shared'
import { type Editor, react, type TLRecord, type TLShape, type TLShapeId } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { BoardChange, BoardStore } from '../board/boardStore'
import { CANVAS_ORIGIN } from '../board/origins'
import { policyOf } from '../board/selectors'
import { setPresence } from '../board/setPresence'
import { throttle } from '../lib/throttle'
import { type GestureShapes, planGesture } from './commitPlan'
import {
  type CanvasEdits,
  clusterIdOf,
  clusterShapeId,
  clusterToShape,
  collectEdits,
  columnShapes,
  emptyEdits,
  hasEdits,
  noteIdOf,
  noteShapeId,
  noteToShape,
  onlyTextDiffers,
  positionCorrection,
  shapeDiffers,
} from './mapping'
import { placeOf } from './noteWindow'
import { RemoteDrags } from './remoteDrags'
import { CLUSTER_SHAPE, COLUMN_SHAPE, NOTE_SHAPE, type NoteShape } from './shapeTypes'
import { TextCatchUp } from './textCatchUp'
import { WindowedNotes } from './windowedNotes'

export interface BindingOptions {
  editor: Editor
  doc: Y.Doc
  /** The board's read model: what changed, and the notes and themes as they stand. */
  store: BoardStore
  awareness: Awareness
  /** Who is on this page, for the policy's questions. */
  actor(): Actor
  /** Who pasted notes are written by. */
  author(): { name: string; city: string; id: string }
  /**
   * Keep a note pasted or duplicated during private writing as a draft on this device
   * [F8.3] (its shape is then removed: it is not on the board).
   */
  draft(note: { text: string; column: string | null; lever: string | null }): void
}

const OURS = new Set<string>([NOTE_SHAPE, CLUSTER_SHAPE, COLUMN_SHAPE])
const GESTURES = ['select.translating', 'select.resizing']
/**
 * Awareness `drag` is keyed by note id; a theme's frame in flight by its frame key, so viewers
 * move the frame with its notes [P4.1].
 */
const dragShapeId = (key: string) => {
  const cluster = clusterOfDragKey(key)
  return cluster === null ? noteShapeId(key) : clusterShapeId(cluster)
}

/** Positions in flight reach awareness at most this often (~20 per second). */
const DRAG_BROADCAST_MS = 50

export class CanvasBinding {
  private readonly editor: Editor
  private readonly doc: Y.Doc
  private readonly store: BoardStore
  private readonly awareness: Awareness
  private readonly opts: BindingOptions
  private meta: BoardMeta
  /** The locked themes as the shapes were last drawn [F8.8]. */
  private locked: ReadonlySet<string>
  private pending: CanvasEdits = emptyEdits()
  private disposers: Array<() => void> = []
  private readonly remote: RemoteDrags
  private commitTimer: ReturnType<typeof setTimeout> | null = null
  private readonly refreshColumns = throttle(() => this.syncColumns(), 400)
  /** Notes whose shape has an older text than the document (textCatchUp.ts). */
  private readonly staleText = new TextCatchUp((ids) => this.syncNotes(ids, { withText: true }))
  private readonly broadcastDrag = throttle(() => this.sendDrag(), DRAG_BROADCAST_MS)
  /** Each note's column and drawn top, to know when the columns' heights may change. */
  private readonly places = new Map<string, string>()
  /** On a big board, the notes around the view only (windowedNotes.ts). */
  private readonly window: WindowedNotes

  constructor(opts: BindingOptions) {
    this.opts = opts
    this.editor = opts.editor
    this.doc = opts.doc
    this.store = opts.store
    this.awareness = opts.awareness
    this.meta = opts.store.currentMeta()
    this.locked = opts.store.lockedThemes()
    this.remote = new RemoteDrags(opts.editor)
    this.window = new WindowedNotes({
      editor: opts.editor,
      store: opts.store,
      meta: () => this.meta,
      moving: () => this.pending.noteMoves.keys(),
      draw: (ids) => this.syncNotes(ids, { withText: true }),
      undraw: (ids) => {
        for (const id of ids) this.staleText.delete(noteIdOf(id))
        this.applyToStore([], ids)
      },
    })
  }

  private get pageId() {
    return this.editor.getCurrentPageId()
  }

  /** Draw the whole board once, then follow both stores. Returns the disposer. */
  start(): () => void {
    this.window.update()
    this.syncAll()
    this.awareness.on('change', this.onAwareness)
    this.disposers.push(
      this.store.onChange(this.onDocument),
      () => this.awareness.off('change', this.onAwareness),
      this.editor.store.listen(this.onUser, { source: 'user', scope: 'document' }),
      this.editor.sideEffects.registerBeforeChangeHandler('shape', this.keepOnPage),
      this.editor.sideEffects.registerBeforeDeleteHandler('shape', this.guardDelete),
      this.editor.sideEffects.registerAfterChangeHandler('shape', this.carryWithFrame),
      react('canvas gesture', () => {
        // A drag or resize ended: write it (after tldraw's event handling has finished).
        if (!this.editor.isInAny(...GESTURES)) this.scheduleCommit()
      }),
      react('note written', () => {
        // A note finished (or another begun): its shape gets the text it ended with.
        this.editor.getEditingShapeId()
        if (this.staleText.size > 0) queueMicrotask(this.staleText.flush)
      }),
      this.window.start(),
      () => this.staleText.cancel(),
      () => this.remote.dispose(),
      () => this.refreshColumns.cancel(),
      () => this.broadcastDrag.cancel(),
      () => {
        if (this.commitTimer) clearTimeout(this.commitTimer)
      },
    )
    return () => {
      for (const d of this.disposers.splice(0)) d()
    }
  }

  // -------------------------------------------------------------------------------------
  // Document → tldraw

  /** The board as the policy reads it now [F12]. */
  private policy(): PolicyState {
    return policyOf({ meta: this.meta, vote: this.store.get().vote })
  }

  /** Why this person may not edit a note; null when they may [F12]. */
  private refusal(note: NoteView) {
    return whyNotEditNote(this.opts.actor(), this.policy(), {
      id: note.id,
      authorId: note.authorId,
      locked: note.locked,
      inLockedTheme: inLockedTheme(note, this.store.lockedThemes()),
    })
  }

  private onDocument = (c: BoardChange) => {
    if (c.board) {
      const next = this.store.currentMeta()
      const locksChanged = next.locked !== this.meta.locked
      this.meta = next
      // The board's columns or tags (the geometry) or its lock changed: draw everything.
      if (c.schema || locksChanged) {
        this.syncAll()
        return
      }
      this.syncColumns()
    }
    if (c.origin === CANVAS_ORIGIN) return
    // Notes came (the board's first sync above all): whether it is drawn whole may change.
    if (c.added.length > 0) this.window.update()
    if (c.clusters.size > 0) {
      this.syncClusters(c.clusters)
      // A theme locked or unlocked locks or frees its notes [F8.8]; other changes of a theme
      // (its title typed, its frame moved) leave its notes as they are.
      const locked = this.store.lockedThemes()
      const flipped = new Set<string>()
      for (const id of c.clusters) if (locked.has(id) !== this.locked.has(id)) flipped.add(id)
      this.locked = locked
      if (flipped.size > 0) {
        const members: string[] = []
        for (const n of this.store.allNotes().values()) {
          if (n.clusterId !== null && flipped.has(n.clusterId)) members.push(n.id)
        }
        this.syncNotes(members)
      }
    }
    if (c.notes.size > 0 && this.syncNotes(c.notes)) {
      this.refreshColumns()
      this.window.soon()
    }
  }

  /** Re-map everything (first load, or the board's columns, tags or lock changed). */
  syncAll(): void {
    this.locked = this.store.lockedThemes()
    this.window.update()
    const ids = new Set<string>(this.store.allNotes().keys())
    for (const s of this.editor.getCurrentPageShapes()) {
      if (s.type === NOTE_SHAPE) ids.add(noteIdOf(s.id))
    }
    this.syncClusters(new Set(this.store.allClusters().keys()), true)
    this.syncNotes(ids, { withText: true })
    this.syncColumns()
  }

  /**
   * Bring the shapes of these notes in line with the document; a change of text alone waits
   * (textCatchUp.ts) unless `withText`. True when a shape came, went or moved (the columns'
   * heights may follow).
   */
  syncNotes(ids: Iterable<string>, { withText = false } = {}): boolean {
    const themes = this.store.lockedThemes()
    const put: NoteShape[] = []
    const remove: TLShapeId[] = []
    const corrections: Array<{ id: string; x: number; y: number }> = []
    const inWindow = this.window.filter()
    let moved = false
    for (const id of ids) {
      const sid = noteShapeId(id)
      const existing = this.editor.store.get(sid) as NoteShape | undefined
      const note = this.store.note(id)
      if (!note || !isLive(note)) {
        this.staleText.delete(id)
        if (existing) remove.push(sid)
        if (this.places.delete(id)) moved = true
        continue
      }
      const at = placeOf(this.meta, note)
      const place = `${note.column}:${at.y}`
      if (this.places.get(id) !== place) {
        this.places.set(id, place)
        moved = true
      }
      const fix = positionCorrection(this.meta, note)
      // Off the window (noteWindow.ts): no shape; the document alone has the note.
      if (inWindow && !inWindow(id, existing !== undefined)) {
        this.staleText.delete(id)
        if (existing) remove.push(sid)
        if (fix && this.refusal(note) === null) corrections.push({ id, ...fix })
        continue
      }
      // A note in a locked theme is drawn locked, like a locked note [F8.8].
      const shown = inLockedTheme(note, themes) ? { ...note, locked: true } : note
      const rec = noteToShape(shown, this.meta, this.pageId)
      const editable = this.refusal(note) === null
      rec.isLocked = !editable
      if (!withText && existing && onlyTextDiffers(existing, rec)) {
        this.staleText.add(id)
      } else if (!existing || shapeDiffers(existing, rec)) {
        put.push(rec)
        this.staleText.delete(id)
      }
      if (fix && editable) corrections.push({ id, ...fix })
    }
    this.applyToStore(put, remove)
    // [F7.2] A note found outside its column is moved back in by whoever may edit it.
    if (corrections.length > 0) moveNotes(this.doc, corrections, { origin: CANVAS_ORIGIN })
    return moved
  }

  /** Bring the frames of these clusters in line with the document. */
  private syncClusters(ids: Iterable<string>, pruneOthers = false): void {
    const locked = whyNotArrangeThemes(this.opts.actor(), this.policy()) !== null
    const put: TLShape[] = []
    const remove: TLShapeId[] = []
    const keep = new Set<TLShapeId>()
    for (const id of ids) {
      const sid = clusterShapeId(id)
      keep.add(sid)
      const existing = this.editor.store.get(sid) as TLShape | undefined
      const cluster = this.store.cluster(id)
      if (!cluster) {
        if (existing) remove.push(sid)
        continue
      }
      const rec = clusterToShape(cluster, this.pageId)
      rec.isLocked = locked
      if (!existing || shapeDiffers(existing as typeof rec, rec)) put.push(rec)
    }
    if (pruneOthers) {
      for (const s of this.editor.getCurrentPageShapes()) {
        if (s.type === CLUSTER_SHAPE && !keep.has(s.id)) remove.push(s.id)
      }
    }
    this.applyToStore(put, remove)
  }

  /** The column regions, sized to their lowest note (in the document, drawn or not). */
  private syncColumns(): void {
    const items: Array<{ column: string | null; y: number; h?: number }> = []
    for (const note of this.store.allNotes().values()) {
      if (isLive(note)) items.push({ column: note.column, y: placeOf(this.meta, note).y })
    }
    const cols = columnShapes(this.meta, items, this.pageId)
    const want = new Set(cols.map((c) => c.id))
    const put = cols.filter((c) => {
      const existing = this.editor.store.get(c.id) as typeof c | undefined
      return !existing || shapeDiffers(existing, c)
    })
    const remove = this.editor
      .getCurrentPageShapes()
      .filter((s) => s.type === COLUMN_SHAPE && !want.has(s.id))
      .map((s) => s.id)
    this.applyToStore(put, remove)
  }

  private applyToStore(put: TLRecord[], remove: TLShapeId[]) {
    if (put.length === 0 && remove.length === 0) return
    this.editor.store.mergeRemoteChanges(() => {
      if (remove.length > 0) this.editor.store.remove(remove)
      if (put.length > 0) this.editor.store.put(put)
    })
  }

  // -------------------------------------------------------------------------------------
  // Awareness → tldraw (other people's drags in flight)

  private onAwareness = () => {
    const drags = new Map<TLShapeId, { x: number; y: number }>()
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return
      const { drag } = readPresence(state)
      for (const [key, p] of Object.entries(drag ?? {})) drags.set(dragShapeId(key), p)
    })
    this.remote.setTargets(drags)
  }

  // -------------------------------------------------------------------------------------
  // tldraw → document

  /** Our shapes stay top-level and unrotated, so their x, y are always page coordinates. */
  private keepOnPage = (prev: TLShape, next: TLShape, source: 'remote' | 'user'): TLShape => {
    if (source !== 'user' || !OURS.has(next.type)) return next
    if (next.parentId !== prev.parentId) return prev
    if (next.rotation !== 0) return { ...next, rotation: 0 }
    return next
  }

  /** People delete only what they may; the rest is refused before tldraw removes it. */
  private guardDelete = (shape: TLShape, source: 'remote' | 'user'): false | undefined => {
    if (source !== 'user') return undefined
    if (shape.type === COLUMN_SHAPE) return false
    if (shape.type === CLUSTER_SHAPE) {
      return whyNotArrangeThemes(this.opts.actor(), this.policy()) === null ? undefined : false
    }
    if (shape.type === NOTE_SHAPE) {
      const note = this.store.note(noteIdOf(shape.id))
      if (note && this.refusal(note) !== null) return false
    }
    return undefined
  }

  private onUser = ({ changes }: { changes: Parameters<typeof collectEdits>[0] }) => {
    // Shapes of other kinds (pasted text or images, a stray tool) are not part of a board.
    const foreign = Object.values(changes.added)
      .filter((r) => r.typeName === 'shape' && !OURS.has(r.type ?? ''))
      .map((r) => r.id as TLShapeId)
    if (foreign.length > 0) queueMicrotask(() => this.applyToStore([], foreign))
    collectEdits(changes, this.pending)
    if (this.editor.isInAny(...GESTURES)) this.broadcastDrag()
    else this.scheduleCommit()
  }

  /** Member notes of each frame, found once per gesture (a frame drag moves them all). */
  private members = new Map<string, TLShapeId[]>()

  private membersOf(clusterId: string): TLShapeId[] {
    let ids = this.members.get(clusterId)
    if (!ids) {
      ids = []
      for (const s of this.editor.getCurrentPageShapes()) {
        if (s.type === NOTE_SHAPE && s.props.clusterId === clusterId) ids.push(s.id)
      }
      this.members.set(clusterId, ids)
    }
    return ids
  }

  /**
   * A frame moved by the person (a drag, arrow keys, a cancelled drag putting it back)
   * carries its notes, in the same store transaction, so they move in one frame with it;
   * the commit then writes the frame's move with its members [F4.2]. A resize does not.
   */
  private carryWithFrame = (prev: TLShape, next: TLShape, source: 'remote' | 'user') => {
    if (source !== 'user' || next.type !== CLUSTER_SHAPE || prev.type !== CLUSTER_SHAPE) return
    const dx = next.x - prev.x
    const dy = next.y - prev.y
    if (dx === 0 && dy === 0) return
    if (next.props.w !== prev.props.w || next.props.h !== prev.props.h) return
    const selected = new Set(this.editor.getSelectedShapeIds())
    const moved: TLShape[] = []
    for (const id of this.membersOf(clusterIdOf(next.id))) {
      const s = this.editor.store.get(id) as TLShape | undefined
      if (s && !selected.has(id)) moved.push({ ...s, x: s.x + dx, y: s.y + dy })
    }
    if (moved.length > 0) this.editor.store.put(moved)
  }

  /** Positions in flight, for other people's screens: the moving notes and frames only. */
  private sendDrag() {
    if (!this.editor.isInAny(...GESTURES)) return
    const drag: Record<string, { x: number; y: number }> = {}
    const put = (key: string, id: TLShapeId) => {
      const s = this.editor.store.get(id) as TLShape | undefined
      if (s) drag[key] = { x: Math.round(s.x), y: Math.round(s.y) }
    }
    for (const id of this.pending.noteMoves.keys()) put(id, noteShapeId(id))
    for (const id of this.pending.clusterBounds.keys()) put(frameDragKey(id), clusterShapeId(id))
    setPresence(this.awareness, PRESENCE.drag, drag)
  }

  private scheduleCommit() {
    if (this.commitTimer) return
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null
      if (!this.editor.isInAny(...GESTURES)) this.commit()
    }, 0)
  }

  /** What the person did, as the canvas shows it at the gesture's end. */
  private gestureShapes(edits: CanvasEdits): GestureShapes {
    const noteMoves = new Map<string, { x: number; y: number } | null>()
    // Final positions come from the store: the listener may lag a frame behind.
    for (const id of edits.noteMoves.keys()) {
      const shape = this.editor.getShape(noteShapeId(id))
      noteMoves.set(id, shape?.type === NOTE_SHAPE ? { x: shape.x, y: shape.y } : null)
    }
    const frames = new Map<string, { x: number; y: number; w: number; h: number } | null>()
    for (const id of edits.clusterBounds.keys()) {
      const s = this.editor.getShape(clusterShapeId(id))
      frames.set(
        id,
        s?.type === CLUSTER_SHAPE ? { x: s.x, y: s.y, w: s.props.w, h: s.props.h } : null,
      )
    }
    return {
      noteMoves,
      frames,
      removedNotes: edits.removedNotes,
      removedClusters: edits.removedClusters,
      createdNotes: edits.createdNotes.map((s) => ({
        id: noteIdOf(s.id),
        x: s.x,
        y: s.y,
        text: s.props.text,
        lever: s.props.lever,
      })),
    }
  }

  /** Write what the person did, in one transaction, then re-read what the writers decided. */
  commit(): void {
    const edits = this.pending
    this.pending = emptyEdits()
    this.members.clear()
    this.broadcastDrag.cancel()
    if (!hasEdits(edits)) {
      this.clearDrag()
      return
    }
    const plan = planGesture(this.gestureShapes(edits), {
      meta: this.meta,
      notes: this.store.allNotes(),
      clusters: this.store.allClusters(),
      lockedThemes: this.store.lockedThemes(),
      actor: this.opts.actor(),
      policy: this.policy(),
      privateRound: this.store.currentPrivateWriting().on,
      author: this.opts.author(),
    })
    const origin = { origin: CANVAS_ORIGIN }
    this.doc.transact(() => {
      for (const b of plan.clusterBounds) {
        const column = b.moveNotes ? b.column : undefined
        setClusterBounds(
          this.doc,
          b.id,
          { x: b.x, y: b.y, w: b.w, h: b.h, column },
          {
            moveNotes: b.moveNotes,
            ...origin,
          },
        )
      }
      if (plan.noteMoves.length > 0) moveNotes(this.doc, plan.noteMoves, origin)
      for (const m of plan.membership) assignToCluster(this.doc, m.ids, m.target, origin)
      for (const id of plan.deletes) deleteNote(this.doc, id, origin)
      for (const id of plan.dissolves) dissolveCluster(this.doc, id, origin)
      for (const note of plan.creates) createNote(this.doc, note, origin)
    }, CANVAS_ORIGIN)
    for (const d of plan.drafts) this.opts.draft(d)
    // Our own writes are not echoed back: re-read what the writers decided (a drop
    // clamped into its column, a refused delete restored, members carried by a frame).
    this.syncNotes(plan.redrawNotes)
    this.syncClusters(plan.redrawClusters)
    this.refreshColumns()
    this.clearDrag()
  }

  private clearDrag() {
    if (readPresence(this.awareness.getLocalState()).drag) {
      setPresence(this.awareness, PRESENCE.drag, null)
    }
  }
}
