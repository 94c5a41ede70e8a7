/**
 * Pure mapping between board format v1 and the canvas's tldraw records, both ways.
 * No tldraw or DOM at run time (types only), so it is unit-tested in Node; the hook in
 * useBinding.ts subscribes to both stores and calls these.
 */
import {
  type BoardMeta,
  type ClusterView,
  COLUMN_HEADER,
  COLUMN_PADDING,
  clampInto,
  columnAt,
  columnRegion,
  isInside,
  kindsOf,
  NOTE_SIZE,
  type NoteMove,
  type NoteView,
  PARKING_LOT_TITLE,
  sortColumns,
} from '@sensemaking/shared'
import type { IndexKey, TLParentId, TLShapeId } from 'tldraw'
import {
  CLUSTER_SHAPE,
  type ClusterShape,
  COLUMN_SHAPE,
  type ColumnShape,
  NOTE_SHAPE,
  type NoteShape,
} from './shapeTypes'

// ---------------------------------------------------------------------------------------
// Ids and z-order

/** A note's shape id is `shape:<noteId>`, so either side finds the other without a table. */
export const noteShapeId = (noteId: string) => `shape:${noteId}` as TLShapeId
export const clusterShapeId = (clusterId: string) => `shape:cluster-${clusterId}` as TLShapeId
/** The parking lot's region has column id ''. */
export const columnShapeId = (columnId: string) =>
  `shape:column-${columnId === '' ? '~parking-lot' : columnId}` as TLShapeId

/** The note id of a note shape's id. */
export const noteIdOf = (shapeId: string) => shapeId.replace(/^shape:/, '')
export const clusterIdOf = (shapeId: string) => shapeId.replace(/^shape:cluster-/, '')

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function base62(n: number, width: number): string {
  let v = Math.max(0, Math.floor(n))
  let out = ''
  while (v > 0) {
    out = DIGITS[v % 62] + out
    v = Math.floor(v / 62)
  }
  return out.padStart(width, '0').slice(-width)
}

const alnum = (id: string, n: number) => id.replace(/[^0-9A-Za-z]/g, '').slice(0, n)

/**
 * Fractional index keys in three bands, so columns stay behind themes and themes behind
 * notes; notes stack by creation time. A key's fraction never ends in '0' (tldraw's rule).
 */
export function columnIndex(displayIndex: number): IndexKey {
  return `a1${DIGITS[Math.min(61, displayIndex + 1)]}` as IndexKey
}
export function clusterIndex(clusterId: string): IndexKey {
  return `a2${alnum(clusterId, 10)}V` as IndexKey
}
export function noteIndex(note: Pick<NoteView, 'id' | 'createdAt'>): IndexKey {
  return `a3${base62(note.createdAt, 8)}${alnum(note.id, 8)}V` as IndexKey
}

// ---------------------------------------------------------------------------------------
// Document → tldraw

/** Where a view shows a note: inside its column's region, whatever x, y say [F7.2]. */
export function displayPosition(
  meta: Pick<BoardMeta, 'columns'>,
  note: Pick<NoteView, 'column' | 'x' | 'y'>,
): { x: number; y: number } {
  const region = columnRegion(meta.columns, note.column)
  return isInside(region, note.x, note.y)
    ? { x: note.x, y: note.y }
    : clampInto(region, note.x, note.y)
}

/** The position a view should write back when a note lies outside its column, else null. */
export function positionCorrection(
  meta: Pick<BoardMeta, 'columns'>,
  note: Pick<NoteView, 'column' | 'x' | 'y'>,
): { x: number; y: number } | null {
  const p = displayPosition(meta, note)
  return p.x === note.x && p.y === note.y ? null : p
}

/** The sticky record of a note. `position` overrides x, y (a remote drag in flight). */
export function noteToShape(
  note: NoteView,
  meta: Pick<BoardMeta, 'columns' | 'tags'>,
  pageId: TLParentId,
  position?: { x: number; y: number },
): NoteShape {
  const tag = note.lever === null ? undefined : meta.tags.find((t) => t.id === note.lever)
  const kind =
    note.kind === null ? undefined : kindsOf(meta, note.column).find((k) => k.id === note.kind)
  const p = position ?? displayPosition(meta, note)
  return {
    id: noteShapeId(note.id),
    typeName: 'shape',
    type: NOTE_SHAPE,
    x: p.x,
    y: p.y,
    rotation: 0,
    index: noteIndex(note),
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: NOTE_SIZE.w,
      h: NOTE_SIZE.h,
      text: note.text,
      lever: tag?.id ?? '',
      leverLabel: tag?.label ?? '',
      leverColor: tag?.color ?? '',
      kind: kind?.id ?? '',
      kindLabel: kind?.title ?? '',
      city: note.city,
      author: note.author,
      authorId: note.authorId,
      column: note.column ?? '',
      clusterId: note.clusterId ?? '',
      locked: note.locked,
      sourceRoom: note.source ? note.source.boardName || 'another room' : '',
    },
  }
}

/** The rooms a theme was sent from, by name, each once. */
export function roomsOf(sources: ReadonlyArray<{ boardName: string }>): string {
  return [...new Set(sources.map((s) => s.boardName || 'another room'))].join(', ')
}

export function clusterToShape(cluster: ClusterView, pageId: TLParentId): ClusterShape {
  return {
    id: clusterShapeId(cluster.id),
    typeName: 'shape',
    type: CLUSTER_SHAPE,
    x: cluster.x,
    y: cluster.y,
    rotation: 0,
    index: clusterIndex(cluster.id),
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: Math.max(MIN_CLUSTER.w, cluster.w),
      h: Math.max(MIN_CLUSTER.h, cluster.h),
      title: cluster.title,
      column: cluster.column ?? '',
      locked: cluster.locked,
      sourceRooms: roomsOf(cluster.sources),
    },
  }
}

/**
 * A column is drawn at least this tall (its header and a row of notes), and grows to hold its
 * lowest note: fitting the board fits what is on it, not empty regions.
 */
export const MIN_COLUMN_HEIGHT = COLUMN_HEADER + NOTE_SIZE.h + 2 * COLUMN_PADDING
export const MIN_CLUSTER = { w: 120, h: 120 } as const
export const PARKING_LOT = {
  title: PARKING_LOT_TITLE,
  prompt: 'Notes outside every column wait here.',
} as const

/**
 * The locked background regions: one per column in display order, and the parking lot left
 * of them [F7.5]. Heights follow the lowest note or theme, so a long column stays framed.
 */
export function columnShapes(
  meta: Pick<BoardMeta, 'columns' | 'phase'>,
  items: ReadonlyArray<{ column: string | null; y: number; h?: number }>,
  pageId: TLParentId,
): ColumnShape[] {
  const bottoms = new Map<string, number>()
  for (const it of items) {
    const key = it.column ?? ''
    const bottom = it.y + (it.h ?? NOTE_SIZE.h)
    if (bottom > (bottoms.get(key) ?? 0)) bottoms.set(key, bottom)
  }
  const defs = [
    { id: '', title: PARKING_LOT.title, prompt: PARKING_LOT.prompt },
    ...sortColumns(meta.columns),
  ]
  return defs.map((c, i) => {
    const region = columnRegion(meta.columns, c.id === '' ? null : c.id)
    const bottom = bottoms.get(c.id) ?? 0
    return {
      id: columnShapeId(c.id),
      typeName: 'shape',
      type: COLUMN_SHAPE,
      x: region.x,
      y: region.y,
      rotation: 0,
      index: columnIndex(i),
      parentId: pageId,
      isLocked: true,
      opacity: 1,
      meta: {},
      props: {
        w: region.w,
        h: Math.max(MIN_COLUMN_HEIGHT, bottom - region.y + COLUMN_PADDING),
        columnId: c.id,
        title: c.title,
        prompt: c.prompt,
        active: c.id !== '' && meta.phase === c.id,
      },
    }
  })
}

/** True when two records of ours differ in anything the canvas shows. */
export function shapeDiffers(
  a: { x: number; y: number; isLocked?: boolean; props: object },
  b: { x: number; y: number; isLocked?: boolean; props: object },
): boolean {
  if (a.x !== b.x || a.y !== b.y || a.isLocked !== b.isLocked) return true
  const pa = a.props as Record<string, unknown>
  const pb = b.props as Record<string, unknown>
  for (const k of Object.keys(pa)) if (pa[k] !== pb[k]) return true
  return Object.keys(pb).length !== Object.keys(pa).length
}

/**
 * The two differ in their text and in nothing else: a keystroke. The sticky shows its text
 * from the document itself, so the binding may let the shape's copy catch up later.
 */
export function onlyTextDiffers(
  a: { x: number; y: number; isLocked?: boolean; props: { text: string } },
  b: { x: number; y: number; isLocked?: boolean; props: { text: string } },
): boolean {
  if (a.props.text === b.props.text) return false
  return !shapeDiffers(a, { ...b, props: { ...b.props, text: a.props.text } })
}

// ---------------------------------------------------------------------------------------
// tldraw → document

/** Which theme holds a note at (x, y): the smallest frame containing the note's centre. */
export function clusterAt(
  clusters: ReadonlyArray<Pick<ClusterView, 'id' | 'x' | 'y' | 'w' | 'h'>>,
  x: number,
  y: number,
): string | null {
  const cx = x + NOTE_SIZE.w / 2
  const cy = y + NOTE_SIZE.h / 2
  let best: { id: string; area: number } | null = null
  for (const c of clusters) {
    if (cx < c.x || cx > c.x + c.w || cy < c.y || cy > c.y + c.h) continue
    const area = c.w * c.h
    if (!best || area < best.area) best = { id: c.id, area }
  }
  return best?.id ?? null
}

/** The column a frame belongs to: the one holding its centre. */
export function clusterColumn(
  meta: Pick<BoardMeta, 'columns'>,
  b: { x: number; y: number; w: number; h: number },
): string | null {
  return columnAt(meta.columns, b.x + b.w / 2 - NOTE_SIZE.w / 2, b.y + b.h / 2 - NOTE_SIZE.h / 2)
}

/** Where a dropped note lands: the column holding its centre, and a position inside it [F7.3]. */
export function dropNote(
  meta: Pick<BoardMeta, 'columns'>,
  x: number,
  y: number,
): { column: string | null; x: number; y: number } {
  const column = columnAt(meta.columns, x, y)
  const region = columnRegion(meta.columns, column)
  const p = isInside(region, x, y) ? { x, y } : clampInto(region, x, y)
  return { column, ...p }
}

/**
 * A frame moved into `column`, shifted to lie inside the column's region (sideways, or centred
 * when it is about as wide as the column, and below the column's header), so that the notes it
 * carries are inside.
 */
export function frameInside(
  meta: Pick<BoardMeta, 'columns'>,
  column: string | null,
  b: { x: number; y: number; w: number; h: number },
): { x: number; y: number; w: number; h: number } {
  const r = columnRegion(meta.columns, column)
  const minX = r.x + COLUMN_PADDING / 2
  const maxX = r.x + r.w - COLUMN_PADDING / 2 - b.w
  // A frame too wide for the padding is centred on the column.
  const x = minX <= maxX ? Math.min(Math.max(b.x, minX), maxX) : r.x + (r.w - b.w) / 2
  const y = Math.max(b.y, r.y + COLUMN_HEADER - CLUSTER_TITLE - CLUSTER_PADDING)
  return { ...b, x, y }
}

/** Room around notes when a theme is made, and for its title. */
export const CLUSTER_PADDING = 28
export const CLUSTER_TITLE = 56

/** The frame of a new theme around notes. */
export function frameAround(notes: ReadonlyArray<{ x: number; y: number }>): {
  x: number
  y: number
  w: number
  h: number
} {
  if (notes.length === 0) return { x: 0, y: 0, w: MIN_CLUSTER.w, h: MIN_CLUSTER.h }
  const minX = Math.min(...notes.map((n) => n.x))
  const minY = Math.min(...notes.map((n) => n.y))
  const maxX = Math.max(...notes.map((n) => n.x + NOTE_SIZE.w))
  const maxY = Math.max(...notes.map((n) => n.y + NOTE_SIZE.h))
  return {
    x: minX - CLUSTER_PADDING,
    y: minY - CLUSTER_PADDING - CLUSTER_TITLE,
    w: maxX - minX + 2 * CLUSTER_PADDING,
    h: maxY - minY + 2 * CLUSTER_PADDING + CLUSTER_TITLE,
  }
}

/** What the person did on the canvas, read from tldraw's user changes. */
export interface CanvasEdits {
  /** note id → where tldraw has it now. */
  noteMoves: Map<string, { x: number; y: number }>
  /** cluster id → its frame now. */
  clusterBounds: Map<string, { x: number; y: number; w: number; h: number }>
  /** Notes pasted or duplicated on the canvas. */
  createdNotes: NoteShape[]
  removedNotes: string[]
  removedClusters: string[]
}

interface RecordLike {
  id: string
  typeName: string
  type?: string
  x?: number
  y?: number
  props?: unknown
}

interface DiffLike {
  added: Record<string, RecordLike>
  updated: Record<string, [RecordLike, RecordLike]>
  removed: Record<string, RecordLike>
}

export function emptyEdits(): CanvasEdits {
  return {
    noteMoves: new Map(),
    clusterBounds: new Map(),
    createdNotes: [],
    removedNotes: [],
    removedClusters: [],
  }
}

/** Fold one tldraw diff (source 'user') into the pending edits. */
export function collectEdits(diff: DiffLike, into: CanvasEdits = emptyEdits()): CanvasEdits {
  for (const r of Object.values(diff.added)) {
    if (r.typeName === 'shape' && r.type === NOTE_SHAPE) into.createdNotes.push(r as NoteShape)
  }
  for (const [before, after] of Object.values(diff.updated)) {
    if (after.typeName !== 'shape') continue
    const moved = before.x !== after.x || before.y !== after.y
    if (after.type === NOTE_SHAPE && moved) {
      into.noteMoves.set(noteIdOf(after.id), { x: after.x!, y: after.y! })
    } else if (after.type === CLUSTER_SHAPE) {
      const pb = before.props as ClusterShape['props']
      const pa = after.props as ClusterShape['props']
      if (moved || pb.w !== pa.w || pb.h !== pa.h) {
        into.clusterBounds.set(clusterIdOf(after.id), {
          x: after.x!,
          y: after.y!,
          w: pa.w,
          h: pa.h,
        })
      }
    }
  }
  for (const r of Object.values(diff.removed)) {
    if (r.typeName !== 'shape') continue
    if (r.type === NOTE_SHAPE) {
      const id = noteIdOf(r.id)
      into.removedNotes.push(id)
      into.noteMoves.delete(id)
    } else if (r.type === CLUSTER_SHAPE) {
      const id = clusterIdOf(r.id)
      into.removedClusters.push(id)
      into.clusterBounds.delete(id)
    }
  }
  return into
}

export function hasEdits(e: CanvasEdits): boolean {
  return (
    e.noteMoves.size > 0 ||
    e.clusterBounds.size > 0 ||
    e.createdNotes.length > 0 ||
    e.removedNotes.length > 0 ||
    e.removedClusters.length > 0
  )
}

/** The writes a finished gesture makes, in the order the binding applies them. */
export interface CommitPlan {
  clusterBounds: Array<{
    id: string
    x: number
    y: number
    w: number
    h: number
    column: string | null
    /** Moved (not only resized): its members move by the same offset [F4.2]. */
    moveNotes: boolean
  }>
  noteMoves: NoteMove[]
  /** note id → its new cluster (null: out of any) for notes dropped in or out of a frame. */
  membership: Map<string, string | null>
}

/**
 * Turn pending edits into document writes. A note carried along by its moving frame is left
 * to setClusterBounds; every other moved note is dropped: it takes the column holding its
 * centre and the theme whose frame holds it [F7.3].
 */
export function planCommit(
  meta: Pick<BoardMeta, 'columns'>,
  edits: Pick<CanvasEdits, 'noteMoves' | 'clusterBounds'>,
  doc: {
    notes: ReadonlyMap<string, Pick<NoteView, 'clusterId'>>
    clusters: ReadonlyArray<ClusterView>
  },
): CommitPlan {
  const clusterBounds: CommitPlan['clusterBounds'] = []
  const movedFrames = new Set<string>()
  for (const [id, dropped] of edits.clusterBounds) {
    const before = doc.clusters.find((c) => c.id === id)
    if (!before) continue
    // Moved, not resized: a resize from the top or left edge changes x or y too.
    const moved =
      (before.x !== dropped.x || before.y !== dropped.y) &&
      before.w === dropped.w &&
      before.h === dropped.h
    const column = clusterColumn(meta, dropped)
    // A theme dropped across a column's edge is put inside the column, so its notes are too.
    const b = moved ? frameInside(meta, column, dropped) : dropped
    if (moved) movedFrames.add(id)
    clusterBounds.push({ id, ...b, column, moveNotes: moved })
  }
  const framesAfter = doc.clusters.map((c) => {
    const b = edits.clusterBounds.get(c.id)
    return b ? { id: c.id, ...b } : c
  })
  const noteMoves: NoteMove[] = []
  const membership = new Map<string, string | null>()
  for (const [id, p] of edits.noteMoves) {
    const note = doc.notes.get(id)
    if (!note) continue
    if (note.clusterId !== null && movedFrames.has(note.clusterId)) continue
    const drop = dropNote(meta, p.x, p.y)
    noteMoves.push({ id, x: drop.x, y: drop.y, column: drop.column })
    const inFrame = clusterAt(framesAfter, drop.x, drop.y)
    if (inFrame !== note.clusterId) membership.set(id, inFrame)
  }
  return { clusterBounds, noteMoves, membership }
}
