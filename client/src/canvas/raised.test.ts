import { describe, expect, it } from 'vitest'
import { lower, RAISED_BY, raise } from './raised'

const el = (zIndex: string) => ({ style: { zIndex } })

describe('raised shapes', () => {
  it('raises above every tldraw z-index, keeping the raised ones in their order', () => {
    const frame = el('40010')
    const note = el('60011')
    const other = el('999999')
    raise(frame)
    raise(note)
    expect(Number(frame.style.zIndex)).toBe(RAISED_BY + 40010)
    expect(Number(note.style.zIndex)).toBeGreaterThan(Number(frame.style.zIndex))
    expect(Number(frame.style.zIndex)).toBeGreaterThan(Number(other.style.zIndex))
    // The largest z-index a browser keeps (a 32-bit integer) is not reached.
    expect(Number(note.style.zIndex)).toBeLessThan(2 ** 31 - 1)
  })

  it('gives its own z-index back, once, even when raised twice', () => {
    const a = el('40001')
    raise(a)
    raise(a)
    expect(a.style.zIndex).toBe(String(RAISED_BY + 40001))
    lower(a)
    expect(a.style.zIndex).toBe('40001')
    lower(a)
    expect(a.style.zIndex).toBe('40001')
  })

  it('keeps the z-index tldraw wrote while the element was raised', () => {
    const a = el('40001')
    raise(a)
    a.style.zIndex = '40007'
    lower(a)
    expect(a.style.zIndex).toBe('40007')
  })

  it('an element without a z-index goes back to none', () => {
    const a = el('')
    raise(a)
    expect(a.style.zIndex).toBe(String(RAISED_BY))
    lower(a)
    expect(a.style.zIndex).toBe('')
  })
})
