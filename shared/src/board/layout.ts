/**
 * Page geometry of a board: where each column's region lies [F7].
 * Pure functions of the board's column definitions, shared by every view.
 */
import type { ColumnDef } from '../schema/template'

/** A sticky's size in page units; `x, y` of a note is its top-left corner. */
export const NOTE_SIZE = { w: 200, h: 200 } as const
export const COLUMN_WIDTH = 1180
export const COLUMN_GAP = 120
/** Room at the top of a column for its title and prompt. */
export const COLUMN_HEADER = 180
export const COLUMN_PADDING = 40
export const SLOT_GAP = 24

export interface Region {
  x: number
  y: number
  w: number
  /** Columns grow downwards without bound. */
  h: number
}

/** Columns sorted as displayed: by `order`, then id. */
export function sortColumns(columns: readonly ColumnDef[]): ColumnDef[] {
  return [...columns].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The region of the column at display index `index`. */
function regionAt(index: number): Region {
  return {
    x: index * (COLUMN_WIDTH + COLUMN_GAP),
    y: 0,
    w: COLUMN_WIDTH,
    h: Number.POSITIVE_INFINITY,
  }
}

/** The region of column `id`, or of the parking lot (left of the first column) for null. */
export function columnRegion(columns: readonly ColumnDef[], id: string | null): Region {
  if (id === null) return regionAt(-1)
  const index = sortColumns(columns).findIndex((c) => c.id === id)
  return regionAt(index < 0 ? -1 : index)
}

/** True when a note at (x, y) lies wholly inside the region, below its header. */
export function isInside(region: Region, x: number, y: number): boolean {
  return (
    x >= region.x &&
    x + NOTE_SIZE.w <= region.x + region.w &&
    y >= region.y + COLUMN_HEADER &&
    y + NOTE_SIZE.h <= region.y + region.h
  )
}

/** The nearest position to (x, y) that lies inside the region [F7.2]. */
export function clampInto(region: Region, x: number, y: number): { x: number; y: number } {
  const minX = region.x + COLUMN_PADDING
  const maxX = region.x + region.w - COLUMN_PADDING - NOTE_SIZE.w
  const minY = region.y + COLUMN_HEADER
  return {
    x: Math.min(Math.max(x, minX), maxX),
    y: Math.max(y, minY),
  }
}

/**
 * The column whose region holds the centre of a note at (x, y), or null (the parking lot).
 * The canvas uses it when a note is dropped [F7.3].
 */
export function columnAt(columns: readonly ColumnDef[], x: number, y: number): string | null {
  const cx = x + NOTE_SIZE.w / 2
  const cy = y + NOTE_SIZE.h / 2
  const sorted = sortColumns(columns)
  for (let i = 0; i < sorted.length; i++) {
    const r = regionAt(i)
    if (cx >= r.x && cx < r.x + r.w && cy >= r.y) return sorted[i]!.id
  }
  return null
}

/** How many notes fit side by side in a column. */
export const SLOTS_PER_ROW = Math.floor(
  (COLUMN_WIDTH - 2 * COLUMN_PADDING + SLOT_GAP) / (NOTE_SIZE.w + SLOT_GAP),
)

/** The top-left corner of grid slot `n` of a region (row by row). */
export function slotPosition(region: Region, n: number): { x: number; y: number } {
  const row = Math.floor(n / SLOTS_PER_ROW)
  const col = n % SLOTS_PER_ROW
  return {
    x: region.x + COLUMN_PADDING + col * (NOTE_SIZE.w + SLOT_GAP),
    y: region.y + COLUMN_HEADER + row * (NOTE_SIZE.h + SLOT_GAP),
  }
}

/**
 * The first grid slot of the region that no existing note overlaps, so notes placed
 * from the columns view or revealed from private writing do not pile on one spot [F7.4].
 */
export function freeSlot(
  region: Region,
  occupied: ReadonlyArray<{ x: number; y: number }>,
): { x: number; y: number } {
  const taken = new Set<number>()
  const cell = (v: number, origin: number, size: number) => Math.floor((v - origin) / size)
  for (const p of occupied) {
    const c = cell(p.x + NOTE_SIZE.w / 2, region.x + COLUMN_PADDING, NOTE_SIZE.w + SLOT_GAP)
    const r = cell(p.y + NOTE_SIZE.h / 2, region.y + COLUMN_HEADER, NOTE_SIZE.h + SLOT_GAP)
    if (c >= 0 && c < SLOTS_PER_ROW && r >= 0) taken.add(r * SLOTS_PER_ROW + c)
  }
  let n = 0
  while (taken.has(n)) n++
  return slotPosition(region, n)
}
