import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryStorage } from '../storage/memoryStorage'
import { AccessControl } from './access'
import { deriveToken } from './tokens'

function setup() {
  const storage = new MemoryStorage()
  storage.createSession({ id: 's1', title: 'S', template: 'w3', createdAt: 0 }, [
    {
      board: { id: 'b1', sessionId: 's1', name: 'b1', position: 0, createdAt: 0 },
      initialUpdate: Y.encodeStateAsUpdate(new Y.Doc()),
    },
  ])
  let derivations = 0
  const access = new AccessControl(storage, Buffer.from('secret'), 'a'.repeat(32), (...args) => {
    derivations++
    return deriveToken(...args)
  })
  const counted = (f: () => unknown) => {
    derivations = 0
    f()
    return derivations
  }
  return { access, counted }
}

describe('[G11] an unknown id costs what a known one costs', () => {
  it('derives and compares as many tokens for an unknown board or session as for a known one', () => {
    const { access, counted } = setup()
    const good = access.token('board', 'b1', 'participant')
    const known = counted(() => access.boardAccess('b1', 'x'.repeat(32)))
    expect(known).toBe(5)
    expect(counted(() => access.boardAccess('no-such-board', 'x'.repeat(32)))).toBe(known)
    expect(counted(() => access.boardAccess('no-such-board', null))).toBe(known)
    expect(counted(() => access.boardAccess('b1', good))).toBe(known)
    expect(access.boardAccess('b1', good)?.role).toBe('participant')
    expect(access.boardAccess('no-such-board', good)).toBeNull()
    const session = counted(() => access.sessionAccess('s1', 'x'.repeat(32)))
    expect(counted(() => access.sessionAccess('no-such-session', 'x'.repeat(32)))).toBe(session)
  })
})
