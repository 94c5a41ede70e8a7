/**
 * The two-way binding between a board's Y.Doc and a tldraw editor.
 *
 * Document → tldraw: observeDeep on notes and clusters gives the ids a transaction touched;
 * only those shapes are re-mapped and written with `mergeRemoteChanges` (source 'remote').
 * tldraw → document: `store.listen` with source 'user' collects what the person did; while
 * a drag or resize is in flight, positions go to awareness only, and when it ends the
 * document gets one transaction of shared accessor calls with CANVAS_ORIGIN. Each side
 * ignores its own echo: the observers skip CANVAS_ORIGIN, the listener skips 'remote'.
 */
import {
  assignToCluster,
  type BoardMeta,
  boardMap,
  type ClusterView,
  clustersMap,
  createNote,
  deleteNote,
  dissolveCluster,
  moveNotes,
  NOTE,
  type NoteView,
  notesMap,
  readCluster,
  readMeta,
  readNote,
  readPrivateWriting,
  setClusterBounds,
} from '@sensemaking/shared'
import { type Editor, react, type TLRecord, type TLShape, type TLShapeId } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { CANVAS_ORIGIN } from '../board/origins'
import { canArrangeThemes, canEditNote, type Permissions } from '../board/permissions'
import { lockedThemes, withThemeLock } from '../board/themeLocks'
import { throttle } from '../lib/throttle'
import {
  type CanvasEdits,
  changedIds,
  clusterIdOf,
  clusterShapeId,
  clusterToShape,
  collectEdits,
  columnShapes,
  dropNote,
  emptyEdits,
  hasEdits,
  noteIdOf,
  noteShapeId,
  noteToShape,
  planCommit,
  positionCorrection,
  shapeDiffers,
} from './mapping'
import { RemoteDrags } from './remoteDrags'
import { CLUSTER_SHAPE, COLUMN_SHAPE, NOTE_SHAPE, type NoteShape } from './shapeTypes'

export interface BindingOptions {
  editor: Editor
  doc: Y.Doc
  awareness: Awareness
  permissions(): Permissions
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
 * Awareness `drag` is keyed by note id; a theme's frame in flight goes under this prefix and
 * its cluster id, so viewers move the frame with its notes.
 */
export const FRAME_KEY = 'frame:'

const dragShapeId = (key: string) =>
  key.startsWith(FRAME_KEY) ? clusterShapeId(key.slice(FRAME_KEY.length)) : noteShapeId(key)

/** Positions in flight reach awareness at most this often (~20 per second). */
const DRAG_BROADCAST_MS = 50

export class CanvasBinding {
  private readonly editor: Editor
  private readonly doc: Y.Doc
  private readonly awareness: Awareness
  private readonly opts: BindingOptions
  private meta: BoardMeta
  private pending: CanvasEdits = emptyEdits()
  private disposers: Array<() => void> = []
  private readonly remote: RemoteDrags
  private commitTimer: ReturnType<typeof setTimeout> | null = null
  private readonly refreshColumns = throttle(() => this.syncColumns(), 400)
  private readonly broadcastDrag = throttle(() => this.sendDrag(), DRAG_BROADCAST_MS)

  constructor(opts: BindingOptions) {
    this.opts = opts
    this.editor = opts.editor
    this.doc = opts.doc
    this.awareness = opts.awareness
    this.meta = readMeta(opts.doc)
    this.remote = new RemoteDrags(opts.editor)
  }

  private get pageId() {
    return this.editor.getCurrentPageId()
  }

  /** Draw the whole board once, then follow both stores. Returns the disposer. */
  start(): () => void {
    this.syncAll()
    notesMap(this.doc).observeDeep(this.onNotes)
    clustersMap(this.doc).observeDeep(this.onClusters)
    boardMap(this.doc).observeDeep(this.onBoard)
    this.awareness.on('change', this.onAwareness)
    this.disposers.push(
      () => notesMap(this.doc).unobserveDeep(this.onNotes),
      () => clustersMap(this.doc).unobserveDeep(this.onClusters),
      () => boardMap(this.doc).unobserveDeep(this.onBoard),
      () => this.awareness.off('change', this.onAwareness),
      this.editor.store.listen(this.onUser, { source: 'user', scope: 'document' }),
      this.editor.sideEffects.registerBeforeChangeHandler('shape', this.keepOnPage),
      this.editor.sideEffects.registerBeforeDeleteHandler('shape', this.guardDelete),
      this.editor.sideEffects.registerAfterChangeHandler('shape', this.carryWithFrame),
      react('canvas gesture', () => {
        // A drag or resize ended: write it (after tldraw's event handling has finished).
        if (!this.editor.isInAny(...GESTURES)) this.scheduleCommit()
      }),
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

  private onNotes = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (tr.origin === CANVAS_ORIGIN) return
    this.syncNotes(changedIds(events, notesMap(this.doc)))
    this.refreshColumns()
  }

  private onClusters = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (tr.origin === CANVAS_ORIGIN) return
    const ids = changedIds(events, clustersMap(this.doc))
    this.syncClusters(ids)
    // A theme locked or unlocked locks or frees its notes [F8.8].
    const members: string[] = []
    notesMap(this.doc).forEach((v, id) => {
      const c = typeof v?.get === 'function' ? v.get(NOTE.clusterId) : null
      if (typeof c === 'string' && ids.has(c)) members.push(id)
    })
    if (members.length > 0) this.syncNotes(members)
  }

  private onBoard = () => {
    const next = readMeta(this.doc)
    const geometryChanged =
      JSON.stringify(next.columns) !== JSON.stringify(this.meta.columns) ||
      JSON.stringify(next.tags) !== JSON.stringify(this.meta.tags)
    const permsChanged = next.locked !== this.meta.locked
    this.meta = next
    if (geometryChanged || permsChanged) this.syncAll()
    else this.syncColumns()
  }

  /** Re-map everything (first load, or the board's columns or tags changed). */
  syncAll(): void {
    const ids = new Set<string>(notesMap(this.doc).keys())
    for (const s of this.editor.getCurrentPageShapes()) {
      if (s.type === NOTE_SHAPE) ids.add(noteIdOf(s.id))
    }
    this.syncClusters(new Set(clustersMap(this.doc).keys()), true)
    this.syncNotes(ids)
    this.syncColumns()
  }

  /** Bring the shapes of these notes in line with the document. */
  syncNotes(ids: Iterable<string>): void {
    const perms = this.opts.permissions()
    const notes = notesMap(this.doc)
    const themes = lockedThemes(this.doc, this.meta)
    const put: NoteShape[] = []
    const remove: TLShapeId[] = []
    const corrections: Array<{ id: string; x: number; y: number }> = []
    for (const id of ids) {
      const sid = noteShapeId(id)
      const existing = this.editor.store.get(sid) as NoteShape | undefined
      const read = readNote(id, notes.get(id), this.meta).note
      if (!read || read.deletedAt !== null) {
        if (existing) remove.push(sid)
        continue
      }
      const note = withThemeLock(read, themes)
      const rec = noteToShape(note, this.meta, this.pageId)
      rec.isLocked = !canEditNote(perms, note.authorId, note.locked)
      if (!existing || shapeDiffers(existing, rec)) put.push(rec)
      const fix = positionCorrection(this.meta, note)
      if (fix && canEditNote(perms, note.authorId, note.locked)) corrections.push({ id, ...fix })
    }
    this.applyToStore(put, remove)
    // [F7.2] A note found outside its column is moved back in by whoever may edit it.
    if (corrections.length > 0) moveNotes(this.doc, corrections, { origin: CANVAS_ORIGIN })
  }

  /** Bring the frames of these clusters in line with the document. */
  private syncClusters(ids: Iterable<string>, pruneOthers = false): void {
    const clusters = clustersMap(this.doc)
    const locked = !canArrangeThemes(this.opts.permissions())
    const put: TLShape[] = []
    const remove: TLShapeId[] = []
    const keep = new Set<TLShapeId>()
    for (const id of ids) {
      const sid = clusterShapeId(id)
      keep.add(sid)
      const existing = this.editor.store.get(sid) as TLShape | undefined
      const { cluster } = readCluster(id, clusters.get(id), this.meta)
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

  /** The column regions, sized to their lowest note. */
  private syncColumns(): void {
    const items: Array<{ column: string | null; y: number; h?: number }> = []
    for (const s of this.editor.getCurrentPageShapes()) {
      if (s.type === NOTE_SHAPE) {
        items.push({ column: s.props.column === '' ? null : s.props.column, y: s.y })
      }
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
      const drag = (state as { drag?: unknown }).drag
      if (!drag || typeof drag !== 'object') return
      for (const [key, p] of Object.entries(drag as Record<string, unknown>)) {
        const pt = p as { x?: unknown; y?: unknown }
        if (typeof pt?.x === 'number' && typeof pt.y === 'number' && Number.isFinite(pt.x + pt.y)) {
          drags.set(dragShapeId(key), { x: pt.x, y: pt.y })
        }
      }
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
    const perms = this.opts.permissions()
    if (shape.type === COLUMN_SHAPE) return false
    if (shape.type === CLUSTER_SHAPE && !canArrangeThemes(perms)) return false
    if (
      shape.type === NOTE_SHAPE &&
      !canEditNote(perms, shape.props.authorId, shape.props.locked)
    ) {
      return false
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
    for (const id of this.pending.clusterBounds.keys()) put(`${FRAME_KEY}${id}`, clusterShapeId(id))
    this.awareness.setLocalStateField('drag', drag)
  }

  private scheduleCommit() {
    if (this.commitTimer) return
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null
      if (!this.editor.isInAny(...GESTURES)) this.commit()
    }, 0)
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
    const perms = this.opts.permissions()
    const notes = notesMap(this.doc)
    const themes = lockedThemes(this.doc, this.meta)
    const read = (id: string): NoteView | null => {
      const note = readNote(id, notes.get(id), this.meta).note
      return note && withThemeLock(note, themes)
    }

    // Final positions come from the store: the listener may lag a frame behind.
    const noteMoves = new Map<string, { x: number; y: number }>()
    const known = new Map<string, NoteView>()
    const touched = new Set<string>()
    for (const id of edits.noteMoves.keys()) {
      const shape = this.editor.getShape(noteShapeId(id))
      const note = read(id)
      touched.add(id)
      if (
        !shape ||
        shape.type !== NOTE_SHAPE ||
        !note ||
        !canEditNote(perms, note.authorId, note.locked)
      ) {
        continue
      }
      const drop = dropNote(this.meta, shape.x, shape.y)
      if (drop.x === note.x && drop.y === note.y && drop.column === note.column) continue
      noteMoves.set(id, { x: shape.x, y: shape.y })
      known.set(id, note)
    }
    const clusters: ClusterView[] = []
    clustersMap(this.doc).forEach((v, id) => {
      const c = readCluster(id, v, this.meta).cluster
      if (c) clusters.push(c)
    })
    const clusterBounds = new Map<string, { x: number; y: number; w: number; h: number }>()
    if (canArrangeThemes(perms)) {
      for (const id of edits.clusterBounds.keys()) {
        const s = this.editor.getShape(clusterShapeId(id))
        const c = clusters.find((x) => x.id === id)
        if (!s || s.type !== CLUSTER_SHAPE || !c) continue
        const b = { x: s.x, y: s.y, w: s.props.w, h: s.props.h }
        if (b.x !== c.x || b.y !== c.y || b.w !== c.w || b.h !== c.h) clusterBounds.set(id, b)
      }
    }
    const plan = planCommit(this.meta, { noteMoves, clusterBounds }, { notes: known, clusters })
    const movedFrames = new Set(plan.clusterBounds.filter((b) => b.moveNotes).map((b) => b.id))
    const regrouped = new Set([...movedFrames, ...edits.removedClusters])
    if (regrouped.size > 0) {
      notes.forEach((v, id) => {
        const n = readNote(id, v, this.meta).note
        if (n?.clusterId && regrouped.has(n.clusterId)) touched.add(id)
      })
    }
    for (const id of plan.membership.keys()) touched.add(id)
    const me = this.opts.author()
    const drafts: Array<{ text: string; column: string | null; lever: string | null }> = []
    const privateRound = readPrivateWriting(this.doc).on
    this.doc.transact(() => {
      for (const b of plan.clusterBounds) {
        setClusterBounds(
          this.doc,
          b.id,
          { x: b.x, y: b.y, w: b.w, h: b.h, column: b.moveNotes ? b.column : undefined },
          { moveNotes: b.moveNotes, origin: CANVAS_ORIGIN },
        )
      }
      if (plan.noteMoves.length > 0) {
        moveNotes(this.doc, plan.noteMoves, { origin: CANVAS_ORIGIN })
      }
      const byTarget = new Map<string | null, string[]>()
      for (const [id, target] of plan.membership) {
        // Nobody but a facilitator puts a note into a locked theme or takes one out [F8.8].
        const from = read(id)?.clusterId ?? null
        if (perms.role !== 'facilitator' && [target, from].some((t) => t && themes.has(t))) {
          continue
        }
        byTarget.set(target, [...(byTarget.get(target) ?? []), id])
      }
      for (const [target, ids] of byTarget) {
        assignToCluster(this.doc, ids, target, { origin: CANVAS_ORIGIN })
      }
      for (const id of edits.removedNotes) {
        const note = read(id)
        touched.add(id)
        if (note && canEditNote(perms, note.authorId, note.locked)) {
          deleteNote(this.doc, id, { origin: CANVAS_ORIGIN })
        }
      }
      for (const id of edits.removedClusters) {
        if (canArrangeThemes(perms) && clusters.some((c) => c.id === id)) {
          dissolveCluster(this.doc, id, { origin: CANVAS_ORIGIN })
        }
      }
      for (const s of edits.createdNotes) {
        const id = noteIdOf(s.id)
        touched.add(id)
        if (notes.has(id) || perms.role === 'observer') continue
        const drop = dropNote(this.meta, s.x, s.y)
        const lever = this.meta.tags.some((t) => t.id === s.props.lever) ? s.props.lever : null
        if (privateRound) {
          drafts.push({ text: s.props.text, column: drop.column, lever })
          continue
        }
        createNote(
          this.doc,
          {
            id,
            text: s.props.text,
            column: drop.column,
            lever,
            x: drop.x,
            y: drop.y,
            author: me.name,
            city: me.city,
            authorId: me.id,
          },
          { origin: CANVAS_ORIGIN },
        )
      }
    }, CANVAS_ORIGIN)
    for (const d of drafts) this.opts.draft(d)
    // Our own writes are not echoed back: re-read what the writers decided (a drop
    // clamped into its column, a refused delete restored, members carried by a frame).
    this.syncNotes(touched)
    this.syncClusters(
      new Set([...edits.clusterBounds.keys(), ...edits.removedClusters, ...movedFrames]),
    )
    this.refreshColumns()
    this.clearDrag()
  }

  private clearDrag() {
    const state = this.awareness.getLocalState() as { drag?: unknown } | null
    if (state?.drag) this.awareness.setLocalStateField('drag', null)
  }
}
