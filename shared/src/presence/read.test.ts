/** The tolerant presence reader against PRESENCE-SPEC.md. */
import { describe, expect, it } from 'vitest'
import { FRAME_DRAG_PREFIX, PRESENCE } from './keys'
import { clusterOfDragKey, frameDragKey, presentClients, readPresence } from './read'

const user = { id: 'u1', name: 'Aino', city: 'Lahti', color: '#123456', role: 'participant' }

describe('presence', () => {
  it('[P1.1, P1.2] reads any value without throwing; what is malformed reads as absent', () => {
    for (const bad of [null, 3, 'x', [], { user: 'nope', cursor: [1, 2], drafts: 'many' }]) {
      expect(readPresence(bad)).toEqual({
        user: null,
        cursor: null,
        drag: null,
        viewport: null,
        drafts: 0,
      })
    }
    const p = readPresence({
      user,
      cursor: { x: 'x', y: 1 },
      viewport: { x: 0, y: 0, w: 10, h: 10 },
    })
    expect(p.user?.id).toBe('u1')
    expect(p.cursor).toBeNull()
    expect(p.viewport).toEqual({ x: 0, y: 0, w: 10, h: 10 })
  })

  it('[P2] a user needs an id; text is cut, colours and roles fall back to safe values', () => {
    expect(readPresence({ user: { name: 'no id' } }).user).toBeNull()
    const long = 'x'.repeat(200)
    expect(readPresence({ user: { id: 'a', name: long } }).user).toMatchObject({
      name: long.slice(0, 80),
      city: '',
      color: '#666666',
      role: 'participant',
    })
    expect(
      readPresence({ user: { id: 'a', color: 'url(javascript:1)', role: 'admin' } }).user,
    ).toMatchObject({ name: 'Someone', color: '#666666', role: 'participant' })
    expect(readPresence({ user: { ...user, color: 'hsl(120 50% 40%)' } }).user?.color).toBe(
      'hsl(120 50% 40%)',
    )
    expect(readPresence({ user: { ...user, role: 'facilitator' } }).user?.role).toBe('facilitator')
  })

  it('[P3.1] a cursor is two finite numbers, or null', () => {
    expect(readPresence({ cursor: { x: 1, y: 2 } }).cursor).toEqual({ x: 1, y: 2 })
    expect(readPresence({ cursor: { x: Number.NaN, y: 2 } }).cursor).toBeNull()
    expect(readPresence({ cursor: null }).cursor).toBeNull()
  })

  it('[P4] drags are read per key, bad points dropped, at most 500; frames have their prefix', () => {
    const drag: Record<string, unknown> = { n1: { x: 5, y: 6 }, n2: 'bad' }
    for (let i = 0; i < 600; i++) drag[`m${i}`] = { x: i, y: i }
    const read = readPresence({ drag }).drag!
    expect(read.n1).toEqual({ x: 5, y: 6 })
    expect(read.n2).toBeUndefined()
    expect(Object.keys(read)).toHaveLength(500)
    expect(frameDragKey('c1')).toBe(`${FRAME_DRAG_PREFIX}c1`)
    expect(clusterOfDragKey(frameDragKey('c1'))).toBe('c1')
    expect(clusterOfDragKey('n1')).toBeNull()
  })

  it('[P5.1] a viewport has positive width and height', () => {
    expect(readPresence({ viewport: { x: 0, y: 0, w: 0, h: 5 } }).viewport).toBeNull()
    expect(readPresence({ viewport: { x: -5, y: 2, w: 3, h: 4 } }).viewport).toEqual({
      x: -5,
      y: 2,
      w: 3,
      h: 4,
    })
  })

  it('[P6.1] drafts are a count, never below 1 unless 0, capped', () => {
    expect(readPresence({ drafts: 3.7 }).drafts).toBe(3)
    expect(readPresence({ drafts: 0.5 }).drafts).toBe(0)
    expect(readPresence({ drafts: 1e9 }).drafts).toBe(10_000)
  })

  it('[P2.1] lists the other clients that say who they are', () => {
    const states = new Map<number, unknown>([
      [1, { user }],
      [2, { user: { ...user, id: 'u2' }, [PRESENCE.cursor]: { x: 1, y: 1 } }],
      [3, { cursor: { x: 1, y: 1 } }],
    ])
    const others = presentClients(states, 1)
    expect(others.map((c) => [c.clientId, c.user.id])).toEqual([[2, 'u2']])
    expect(others[0]!.cursor).toEqual({ x: 1, y: 1 })
  })
})
