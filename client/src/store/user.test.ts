import { describe, expect, it } from 'vitest'
import { cleanField, loadUser, newUserId, parseUser, userColor } from './user'

describe('the person on this device', () => {
  it('makes a fresh id once and keeps it', () => {
    const mem = new Map<string, string>()
    const storage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
    }
    const a = loadUser(storage)
    const b = loadUser(storage)
    expect(a.id).toMatch(/^u-[a-z0-9]{16}$/)
    expect(b).toEqual(a)
  })

  it.each([[null], ['not json'], ['{"id": 3, "name": 5}'], ['[]']])(
    'reads %s as a fresh person',
    (raw) => {
      expect(parseUser(raw, () => 'u-fresh')).toEqual({
        id: 'u-fresh',
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

  it('[F13.1] keeps the credential the server issued, and what it was signed with', () => {
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
    expect(userColor('u-1')).toMatch(/^hsl\(\d+ 70% 42%\)$/)
    let seed = 1
    const rnd = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    expect(new Set(Array.from({ length: 100 }, () => newUserId(rnd))).size).toBe(100)
  })
})
