import { describe, expect, it } from 'vitest'
import { initialView, PHONE_QUERY, rememberView } from './viewPreference'

function storage(): Pick<Storage, 'getItem' | 'setItem'> {
  const m = new Map<string, string>()
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) }
}

describe('initialView', () => {
  it.each([
    [true, 'columns'],
    [false, 'canvas'],
  ] as const)('a phone (%s) opens the %s view by default', (phone, view) => {
    expect(initialView(storage(), (q) => q === PHONE_QUERY && phone)).toBe(view)
  })

  it('remembers the person’s own choice on the device', () => {
    const s = storage()
    rememberView(s, 'canvas')
    expect(initialView(s, () => true)).toBe('canvas')
    rememberView(s, 'columns')
    expect(initialView(s, () => false)).toBe('columns')
  })

  it('ignores anything else stored', () => {
    const s = storage()
    s.setItem('sensemaking:view', 'table')
    expect(initialView(s, () => false)).toBe('canvas')
  })
})
