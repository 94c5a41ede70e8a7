import { LEVERS, type TagDef, TEMPLATES } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { deltaE2000, difference, parseHex, simulate, toLab, type Vision } from './colour'
import { leverMarks, MARK_SHAPES } from './marks'

/**
 * The measure: CIEDE2000 between every pair of a template's lever colours, as people with
 * normal vision, deuteranopia and protanopia see them (Machado et al. 2009, full severity),
 * is at least this. About 10 reads as "a different colour" at a glance; 15 leaves a margin
 * for screens and small swatches.
 */
const MIN_DIFFERENCE = 15
const VISIONS: Vision[] = ['normal', 'deuteranopia', 'protanopia']

/** WCAG contrast of a colour against white: a stripe or a swatch needs 3:1 to be seen. */
function contrastWithWhite(hex: string): number {
  const lin = (c: number) => {
    const v = c / 255
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }
  const [r, g, b] = parseHex(hex)
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  return 1.05 / (y + 0.05)
}

function closestPair(tags: readonly TagDef[], vision: Vision) {
  let best = { d: Number.POSITIVE_INFINITY, pair: '' }
  for (let i = 0; i < tags.length; i++) {
    for (let j = i + 1; j < tags.length; j++) {
      const d = difference(tags[i]!.color, tags[j]!.color, vision)
      if (d < best.d) best = { d, pair: `${tags[i]!.id} ~ ${tags[j]!.id}` }
    }
  }
  return best
}

describe('colour maths', () => {
  // Sharma, Wu and Dalal (2005), table 1: pairs 1, 2, 7, 17 and 25.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [56, -27, -3], 31.903],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  ] as const)('CIEDE2000 of %j and %j is %d', (a, b, expected) => {
    expect(deltaE2000(a, b)).toBeCloseTo(expected, 4)
  })

  it('puts white and black at the ends of CIELAB lightness', () => {
    expect(toLab(parseHex('#ffffff'))[0]).toBeCloseTo(100, 3)
    expect(toLab(parseHex('#000'))[0]).toBeCloseTo(0, 3)
  })

  it('leaves greys alone under every simulated deficiency, and folds red onto green', () => {
    for (const v of VISIONS) {
      const g = simulate(parseHex('#808080'), v)
      for (const c of g) expect(c).toBeCloseTo(128, 0)
    }
    // The classic confusion: a red and a green a normal eye tells apart at once.
    expect(difference('#d62728', '#2ca02c')).toBeGreaterThan(40)
    expect(difference('#d62728', '#2ca02c', 'deuteranopia')).toBeLessThan(10)
  })
})

describe('levers are told apart without colour alone', () => {
  for (const template of Object.values(TEMPLATES)) {
    for (const vision of VISIONS) {
      it(`${template.id}: every pair of lever colours differs by CIEDE2000 ≥ ${MIN_DIFFERENCE} (${vision})`, () => {
        const { d, pair } = closestPair(template.tags, vision)
        expect(d, `closest pair: ${pair}`).toBeGreaterThanOrEqual(MIN_DIFFERENCE)
      })
    }

    it(`${template.id}: every lever colour stands out against white paper (3:1)`, () => {
      for (const t of template.tags)
        expect(contrastWithWhite(t.color), t.id).toBeGreaterThanOrEqual(3)
    })

    it(`${template.id}: every lever has its own shape and its own short name`, () => {
      const marks = [...leverMarks(template.tags).values()]
      expect(new Set(marks.map((m) => m.shape)).size).toBe(template.tags.length)
      expect(new Set(marks.map((m) => m.short.toLowerCase())).size).toBe(template.tags.length)
    })
  }

  it('names the six levers by their first word', () => {
    expect([...leverMarks(LEVERS).values()].map((m) => m.short)).toEqual([
      'Technology',
      'Democracy',
      'Finance',
      'Governance',
      'Social',
      'Learning',
    ])
  })

  it('keeps short names apart when two labels start alike, and shapes cycle past eight', () => {
    const tags = Array.from({ length: 10 }, (_, i) => ({
      id: `t${i}`,
      label: i < 2 ? `Public ${i === 0 ? 'transport' : 'space'}` : `Tag${i}`,
      color: '#000000',
    }))
    const marks = leverMarks(tags)
    expect(marks.get('t0')!.short).toBe('Public transp…')
    expect(marks.get('t1')!.short).toBe('Public space')
    expect(marks.get('t8')!.shape).toBe(MARK_SHAPES[0])
  })
})
