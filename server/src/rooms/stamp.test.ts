import { readPresence } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { stampPresence } from './stamp'

const ana = {
  person: { id: 'p-ana', name: 'Ana', city: 'Braga', signed: true },
  role: 'participant' as const,
}
const read = (b: Uint8Array | null) => readPresence(JSON.parse(new TextDecoder().decode(b!)))

describe('presence stamped by the server [P2.4]', () => {
  it('[P2.4] replaces a claimed id, name, city and role with the server’s, keeping the colour and the rest', () => {
    const forged = {
      user: { id: 'p-victim', name: 'Victim', city: 'X', color: '#123', role: 'facilitator' },
      cursor: { x: 1, y: 2 },
    }
    const p = read(stampPresence(forged, ana))
    expect(p.user).toEqual({
      id: 'p-ana',
      name: 'Ana',
      city: 'Braga',
      color: '#123',
      role: 'participant',
    })
    expect(p.cursor).toEqual({ x: 1, y: 2 })
  })

  it('[P2.4] stamps a state without a user, and leaves what is not an object as it was', () => {
    expect(read(stampPresence({ cursor: null }, ana)).user?.id).toBe('p-ana')
    expect(stampPresence([1, 2], ana)).toBeNull()
    expect(stampPresence('x', ana)).toBeNull()
  })
})
