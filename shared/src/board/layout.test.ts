import { describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATE } from '../schema/template'
import {
  COLUMN_GAP,
  COLUMN_HEADER,
  COLUMN_WIDTH,
  clampInto,
  columnAt,
  columnRegion,
  freeSlot,
  isInside,
  NOTE_SIZE,
  SLOTS_PER_ROW,
  slotPosition,
} from './layout'

const cols = DEFAULT_TEMPLATE.columns

describe('geometry', () => {
  it('[F7.5] columns sit side by side in display order; the parking lot lies left', () => {
    const shuffled = [cols[2]!, cols[0]!, cols[1]!]
    expect(columnRegion(shuffled, 'what').x).toBe(0)
    expect(columnRegion(shuffled, 'so-what').x).toBe(COLUMN_WIDTH + COLUMN_GAP)
    expect(columnRegion(shuffled, 'now-what').x).toBe(2 * (COLUMN_WIDTH + COLUMN_GAP))
    expect(columnRegion(shuffled, null).x).toBeLessThan(0)
  })

  it.each([
    ['the middle of What?', 300, 400, 'what'],
    ['the middle of So What?', COLUMN_WIDTH + COLUMN_GAP + 300, 400, 'so-what'],
    ['far down Now What?', 2 * (COLUMN_WIDTH + COLUMN_GAP) + 10, 90_000, 'now-what'],
    ['the gap between columns', COLUMN_WIDTH + 10, 400, null],
    ['left of every column', -500, 400, null],
    ['above the columns', 300, -400, null],
  ])('[F7.3] a note dropped in %s lands in %s', (_n, x, y, expected) => {
    expect(columnAt(cols, x, y)).toBe(expected)
  })

  it('[F7.2] clampInto moves a note back inside its region and keeps an inside one', () => {
    const r = columnRegion(cols, 'so-what')
    const inside = { x: r.x + 100, y: 500 }
    expect(isInside(r, inside.x, inside.y)).toBe(true)
    expect(clampInto(r, inside.x, inside.y)).toEqual(inside)
    for (const [x, y] of [
      [-4000, 500],
      [r.x + r.w, 500],
      [r.x + 100, -50],
    ] as const) {
      const p = clampInto(r, x, y)
      expect(isInside(r, p.x, p.y)).toBe(true)
    }
    expect(clampInto(r, r.x + 100, 20).y).toBe(COLUMN_HEADER)
  })

  it('[F7.4] freeSlot skips taken slots, row by row', () => {
    const r = columnRegion(cols, 'what')
    const taken = [slotPosition(r, 0), slotPosition(r, 1), slotPosition(r, 3)]
    expect(freeSlot(r, taken)).toEqual(slotPosition(r, 2))
    const firstRow = Array.from({ length: SLOTS_PER_ROW }, (_, i) => slotPosition(r, i))
    expect(freeSlot(r, firstRow).y).toBe(COLUMN_HEADER + NOTE_SIZE.h + 24)
    expect(SLOTS_PER_ROW).toBeGreaterThanOrEqual(4)
  })
})
