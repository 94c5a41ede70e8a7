import { authorIdFromKey } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import {
  authorProof,
  cleanField,
  loadUser,
  newIdentity,
  parseUser,
  userColor,
  WHITE_TEXT_CONTRAST,
} from './user'

/** WCAG contrast of white on `hsl(h s% l%)`, computed apart from the code under test. */
function whiteOn(hsl: string): number {
  const [h, s, l] = hsl.match(/[\d.]+/g)!.map(Number) as [number, number, number]
  const c = (1 - Math.abs((2 * l) / 100 - 1)) * (s / 100)
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1))
  const m = l / 100 - c / 2
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x]
  const lin = (v: number) => {
    const u = v + m
    return u <= 0.04045 ? u / 12.92 : ((u + 0.055) / 1.055) ** 2.4
  }
  return 1.05 / (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) + 0.05)
}

describe('the person on this device', () => {
  it('[F13.9] makes a fresh id from a key once and keeps both', () => {
    const mem = new Map<string, string>()
    const storage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
    }
    const a = loadUser(storage)
    const b = loadUser(storage)
    expect(a.id).toMatch(/^u-[a-z0-9]{16}$/)
    expect(a.id).toBe(authorIdFromKey(a.key!))
    expect(authorProof(a)).toEqual({ key: a.key })
    expect(b).toEqual(a)
  })

  it('[F13.9] keeps an id made before keys, which then proves nothing', () => {
    const legacy = parseUser('{"id":"u-abcdefghijkmnopq","name":"Léa","city":"Nantes"}')
    expect(legacy).toEqual({
      id: 'u-abcdefghijkmnopq',
      name: 'Léa',
      city: 'Nantes',
      credential: '',
      signed: '',
    })
    expect(authorProof(legacy)).toBeNull()
    const other = newIdentity()
    // Someone else's key next to an id does not prove it either.
    expect(authorProof({ ...legacy, key: other.key })).toBeNull()
  })

  it('[F13.9] proves its notes with the credential once the server knows the person', () => {
    const known = parseUser(
      `{"id":"p-abcd","name":"Léa","city":"","credential":"p1.x.y","key":"${'K'.repeat(43)}"}`,
    )
    expect(authorProof(known)).toEqual({ credential: 'p1.x.y' })
  })

  it.each([[null], ['not json'], ['{"id": 3, "name": 5}'], ['[]']])(
    'reads %s as a fresh person',
    (raw) => {
      const made = { id: 'u-fresh', key: 'K'.repeat(43) }
      expect(parseUser(raw, () => made)).toEqual({
        ...made,
        name: '',
        city: '',
        credential: '',
        signed: '',
      })
    },
  )

  it('keeps a stored name and city', () => {
    expect(parseUser('{"id":"u-abcd","name":"Léa","city":"Nantes"}')).toEqual({
      id: 'u-abcd',
      name: 'Léa',
      city: 'Nantes',
      credential: '',
      signed: '',
    })
  })

  it('[F14.1] keeps the credential the server issued, and what it was signed with', () => {
    const raw =
      '{"id":"p-abcd","name":"Léa","city":"Nantes","credential":"p1.x.y","signed":"Léa\\nNantes"}'
    expect(parseUser(raw)).toMatchObject({
      id: 'p-abcd',
      credential: 'p1.x.y',
      signed: 'Léa\nNantes',
    })
  })

  it('cleans typed fields', () => {
    expect(cleanField('  Umeå \n kommun ')).toBe('Umeå kommun')
    expect(cleanField('x'.repeat(100))).toHaveLength(60)
  })

  it('gives stable colours and distinct ids', () => {
    expect(userColor('u-1')).toBe(userColor('u-1'))
    expect(userColor('u-1')).toMatch(/^hsl\(\d+ 70% \d+%\)$/)
    let seed = 1
    const rnd = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const fill = (b: Uint8Array) => {
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256)
    }
    expect(new Set(Array.from({ length: 100 }, () => newIdentity(fill).id)).size).toBe(100)
  })

  it('gives every person a colour white initials read on (4.5:1 or more)', () => {
    const hues = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const c = userColor(`u-${i.toString(36)}`)
      hues.add(c.split(' ')[0]!)
      expect(whiteOn(c), c).toBeGreaterThanOrEqual(WHITE_TEXT_CONTRAST)
    }
    expect(hues.size).toBeGreaterThan(300)
  })
})
