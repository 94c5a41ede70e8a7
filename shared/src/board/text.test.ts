import { describe, expect, it } from 'vitest'
import { capText, cityKey, diffText, normalizeCity } from './text'

describe('text rules', () => {
  it.each([
    ['Nantes', ' nantes ', true],
    ['Umeå', 'Ume\u0061\u030a', true],
    ['UMEÅ', 'umeå', true],
    ['Lahti  city', 'Lahti city', true],
    ['Lahti', 'Lahden', false],
  ])('[F3.5] city %j groups with %j: %s', (a, b, same) => {
    expect(cityKey(a) === cityKey(b)).toBe(same)
  })

  it('[F3.5] normalizeCity trims, folds spaces and composes', () => {
    expect(normalizeCity('  Ume\u0061\u030a \t Kommun ')).toBe('Umeå Kommun')
  })

  it.each([
    ['abc', 'abXc', { index: 2, remove: 0, insert: 'X' }],
    ['abc', 'ac', { index: 1, remove: 1, insert: '' }],
    ['same', 'same', { index: 4, remove: 0, insert: '' }],
    ['', 'new', { index: 0, remove: 0, insert: 'new' }],
    ['a😀b', 'a😃b', { index: 1, remove: 2, insert: '😃' }],
  ])('[F3.4] diffText(%j, %j) is the smallest splice', (from, to, expected) => {
    const d = diffText(from, to)
    expect(d).toEqual(expected)
    expect(from.slice(0, d.index) + d.insert + from.slice(d.index + d.remove)).toBe(to)
  })

  it('[F3.3] capText never splits a surrogate pair', () => {
    expect(capText('ab😀', 3)).toBe('ab')
    expect(capText('ab😀', 4)).toBe('ab😀')
  })
})
