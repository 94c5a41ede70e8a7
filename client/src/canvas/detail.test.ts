import { describe, expect, it } from 'vitest'
import { detailAt, LOWEST_READABLE_ZOOM, READABLE_PX } from './detail'
import { noteFontSize } from './shapes/noteStyle'

describe('level of detail', () => {
  it('keeps note text at READABLE_PX or more on screen down to the lowest readable zoom', () => {
    for (let z = 1.5; z >= LOWEST_READABLE_ZOOM; z -= 0.005) {
      const d = detailAt(z)
      // The smallest type a note gets on its own is its floor when zoomed out.
      const px = Math.max(d.textFloor, noteFontSize('x'.repeat(2000))) * z
      expect(px, `at zoom ${z.toFixed(3)}`).toBeGreaterThanOrEqual(READABLE_PX)
    }
  })

  it('changes only at a few steps, so a zoom does not restyle every frame', () => {
    const seen = new Set<string>()
    for (let z = 1; z >= 0.1; z -= 0.001) seen.add(JSON.stringify(detailAt(z)))
    expect(seen.size).toBeLessThanOrEqual(21)
  })

  it('shows notes as they are at full size, and drops the author line when far out', () => {
    expect(detailAt(1)).toMatchObject({ level: 'full', textFloor: 0 })
    expect(detailAt(0.37).level).toBe('overview')
    expect(detailAt(0.7).level).toBe('full')
    expect(detailAt(Number.NaN).textFloor).toBe(0)
  })
})
