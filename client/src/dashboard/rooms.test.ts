import { describe, expect, it } from 'vitest'
import { MAX_ROOMS, parseRooms } from './rooms'

describe('parseRooms', () => {
  const cases: Array<[string, Parameters<typeof parseRooms>[0], ReturnType<typeof parseRooms>]> = [
    ['a count', { mode: 'count', count: ' 3 ' }, { ok: true, boards: 3 }],
    ['the largest count', { mode: 'count', count: String(MAX_ROOMS) }, { ok: true, boards: 60 }],
    [
      'names, blank lines and spaces dropped',
      { mode: 'names', text: '  Energy \n\n Mobility  hubs\r\nBuildings\n' },
      { ok: true, boards: ['Energy', 'Mobility hubs', 'Buildings'] },
    ],
  ]
  it.each(cases)('accepts %s', (_, input, want) => {
    expect(parseRooms(input)).toEqual(want)
  })

  const refused: Array<[string, Parameters<typeof parseRooms>[0], RegExp]> = [
    ['an empty count', { mode: 'count', count: '' }, /whole number/],
    ['zero', { mode: 'count', count: '0' }, /whole number/],
    ['a fraction', { mode: 'count', count: '2.5' }, /whole number/],
    ['too many', { mode: 'count', count: String(MAX_ROOMS + 1) }, /1 to 60/],
    ['no names', { mode: 'names', text: ' \n \n' }, /at least one/],
    ['a name twice', { mode: 'names', text: 'Energy\nenergy' }, /listed twice/],
    ['a long name', { mode: 'names', text: 'x'.repeat(81) }, /at most 80/],
    [
      'too many names',
      { mode: 'names', text: Array.from({ length: 61 }, (_, i) => `R${i}`).join('\n') },
      /At most 60 rooms \(you gave 61\)/,
    ],
  ]
  it.each(refused)('refuses %s with a clear message', (_, input, message) => {
    const r = parseRooms(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(message)
  })
})
