import { describe, expect, it } from 'vitest'
import { placeNear } from './overlayPlacement'

const view = { w: 1000, h: 700 }
const size = { w: 300, h: 50 }
const inside = (p: { x: number; y: number }) =>
  p.x >= 0 && p.y >= 0 && p.x + size.w <= view.w && p.y + size.h <= view.h

describe('placeNear', () => {
  it('goes above a box with room above, centred on it', () => {
    const p = placeNear({ left: 400, top: 300, right: 500, bottom: 400 }, size, view, ['above'])
    expect(p).toEqual({ x: 300, y: 240, side: 'above' })
  })

  it.each([
    ['at the top edge', { left: 400, top: 5, right: 500, bottom: 100 }, 'below'],
    ['at the left edge', { left: -80, top: 300, right: 20, bottom: 400 }, 'above'],
    ['at the right edge', { left: 950, top: 300, right: 1100, bottom: 400 }, 'above'],
    ['filling the screen', { left: -50, top: -50, right: 1050, bottom: 750 }, 'above'],
  ] as const)('stays inside the screen for a box %s', (_, box, side) => {
    const p = placeNear(box, size, view, ['above', 'below'])
    expect(inside(p)).toBe(true)
    expect(p.side).toBe(side)
  })

  it('takes the first side in order with room, else the roomiest', () => {
    const box = { left: 100, top: 200, right: 300, bottom: 400 }
    expect(placeNear(box, { w: 320, h: 300 }, view, ['right', 'left', 'below']).side).toBe('right')
    expect(placeNear(box, { w: 800, h: 300 }, view, ['right', 'left']).side).toBe('right')
  })
})
