import { describe, expect, it } from 'vitest'
import { cameraFor } from './camera'
import { LOWEST_READABLE_ZOOM } from './detail'

/** What a camera shows of a screen `view`, in page units. */
function shown(cam: { x: number; y: number; z: number }, view: { w: number; h: number }) {
  return { x: -cam.x, y: -cam.y, w: view.w / cam.z, h: view.h / cam.z }
}

describe('the camera that fits the columns', () => {
  const laptop = { w: 1440, h: 780 }

  it.each([
    ['three short columns: width decides', { x: 0, y: 0, w: 3780, h: 1200 }, 'w'],
    ['three long columns: height decides', { x: 0, y: 0, w: 3780, h: 2400 }, 'h'],
    ['a box away from the origin', { x: -1300, y: 200, w: 2500, h: 1000 }, 'w'],
  ] as const)('%s: the whole box in view, touching the inset on one side', (_, box, side) => {
    const cam = cameraFor(box, laptop, 24)
    const s = shown(cam, laptop)
    const inset = 24 / cam.z
    expect(s.x).toBeLessThanOrEqual(box.x - inset + 1e-6)
    expect(s.x + s.w).toBeGreaterThanOrEqual(box.x + box.w + inset - 1e-6)
    expect(s.y).toBeCloseTo(box.y - inset, 6)
    expect(s.y + s.h).toBeGreaterThanOrEqual(box.y + box.h + inset - 1e-6)
    // Tight: the content, not more, sets the zoom.
    if (side === 'w') expect(box.w * cam.z).toBeCloseTo(laptop.w - 48, 6)
    else expect(box.h * cam.z).toBeCloseTo(laptop.h - 48, 6)
    // Centred across.
    expect(s.x + s.w / 2).toBeCloseTo(box.x + box.w / 2, 6)
  })

  it('never zooms past 100 % for a board with a few notes', () => {
    expect(cameraFor({ x: 0, y: 0, w: 600, h: 400 }, laptop, 24).z).toBe(1)
  })

  it('keeps note text readable on a very long board: full width, from the top, the rest below', () => {
    const box = { x: 0, y: 0, w: 3780, h: 40_000 }
    const cam = cameraFor(box, laptop, 24)
    expect(cam.z).toBeGreaterThanOrEqual(LOWEST_READABLE_ZOOM)
    expect(shown(cam, laptop).y).toBeCloseTo(-24 / cam.z, 6)
  })

  it('fits a very wide board across, even below a readable size: its columns stay side by side in view', () => {
    const cam = cameraFor({ x: 0, y: 0, w: 20_000, h: 1000 }, laptop, 24)
    expect(cam.z).toBeCloseTo((1440 - 48) / 20_000, 6)
  })
})
