/** The close-code table against y-websocket's reconnect rule, and the lookups both ends use. */
import { describe, expect, it } from 'vitest'
import { CLOSE, type CloseName, clientRetries, closeIsFinal, closeNameOf } from './closeCodes'

describe('close codes', () => {
  it.each(Object.entries(CLOSE))(
    '%s says whether the client reconnects, as y-websocket does',
    (_, spec) => {
      expect(spec.retries).toBe(clientRetries(spec.code))
      expect(closeIsFinal(spec.code)).toBe(!spec.retries)
    },
  )

  it('each code is private-use (4000–4999) or a standard one (1011, 1012, 1013), and names one meaning', () => {
    for (const spec of Object.values(CLOSE)) {
      expect(
        [1011, 1012, 1013].includes(spec.code) || (spec.code >= 4000 && spec.code < 5000),
      ).toBe(true)
    }
    const byCode = new Map<number, CloseName[]>()
    for (const [name, spec] of Object.entries(CLOSE) as [CloseName, (typeof CLOSE)[CloseName]][]) {
      byCode.set(spec.code, [...(byCode.get(spec.code) ?? []), name])
    }
    // A socket that cannot keep up is dropped, not closed with a code [G6].
    const shared = [...byCode].filter(([, names]) => names.length > 1)
    expect(shared).toEqual([])
  })

  it('looks a code up by number; codes that are not ours fall back to the library rule', () => {
    expect(closeNameOf(4410)).toBe('rebased')
    expect(closeNameOf(1013)).toBe('rateLimited')
    expect(closeNameOf(1006)).toBeNull()
    expect(closeIsFinal(1006)).toBe(false)
    expect(closeIsFinal(4499)).toBe(true)
    expect(closeIsFinal(4599)).toBe(false)
  })

  it('[G8] a full board is retried, so nobody is locked out for good; [G2]–[G5] a refused change is final', () => {
    expect(closeNameOf(4529)).toBe('boardFull')
    expect(CLOSE.boardFull.retries).toBe(true)
    expect(closeIsFinal(4529)).toBe(false)
    expect(closeNameOf(4422)).toBe('refused')
    expect(CLOSE.refused.retries).toBe(false)
    expect(closeIsFinal(4422)).toBe(true)
  })
})
