import { CLOSE } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import {
  type ConnectionEvent,
  type ConnectionStatus,
  describeConnection,
  initialConnection,
  OFFLINE_AFTER_MS,
  reduceConnection,
} from './connectionStatus'

/** Run events at given times and return the statuses after each. */
function run(steps: Array<[number, ConnectionEvent]>, online = true): ConnectionStatus[] {
  let s = initialConnection(0, online)
  return steps.map(([t, e]) => {
    s = reduceConnection(s, e, t)
    return s.status
  })
}

describe('connection indicator', () => {
  it('goes live, then reconnecting, then offline after the grace period', () => {
    expect(
      run([
        [10, { type: 'status', status: 'connected' }],
        [1000, { type: 'status', status: 'disconnected' }],
        [2000, { type: 'tick' }],
        [1000 + OFFLINE_AFTER_MS, { type: 'tick' }],
        [20000, { type: 'status', status: 'connected' }],
      ]),
    ).toEqual(['connected', 'reconnecting', 'reconnecting', 'offline', 'connected'])
  })

  it('says offline at once when the browser goes offline', () => {
    expect(
      run([
        [10, { type: 'status', status: 'connected' }],
        [20, { type: 'browser-offline' }],
        [30, { type: 'status', status: 'disconnected' }],
        [40, { type: 'browser-online' }],
      ]),
    ).toEqual(['connected', 'connected', 'offline', 'reconnecting'])
  })

  it('opens offline from the device when the server never answers', () => {
    expect(
      run([
        [100, { type: 'status', status: 'connecting' }],
        [OFFLINE_AFTER_MS, { type: 'tick' }],
      ]),
    ).toEqual(['connecting', 'offline'])
  })

  it.each([
    [CLOSE.unauthorized.code, 'revoked'],
    [CLOSE.revoked.code, 'revoked'],
    [4499, 'revoked'],
    [CLOSE.shuttingDown.code, 'connected'],
    [CLOSE.loadFailed.code, 'connected'],
    [CLOSE.boardFull.code, 'connected'],
    [CLOSE.refused.code, 'revoked'],
    [1006, 'connected'],
  ] as const)('a close with code %i leaves the indicator %s', (code, status) => {
    expect(
      run([
        [1, { type: 'status', status: 'connected' }],
        [2, { type: 'closed', code }],
      ]).at(-1),
    ).toBe(status)
  })

  it('[G8] a full board is retried: it says so while reconnecting, and forgets it once live', () => {
    let s = initialConnection(0)
    s = reduceConnection(s, { type: 'status', status: 'connected' }, 1)
    s = reduceConnection(s, { type: 'status', status: 'disconnected' }, 2)
    s = reduceConnection(s, { type: 'dropped', code: CLOSE.boardFull.code }, 2)
    expect(s.status).toBe('reconnecting')
    expect(describeConnection(s.status, s.closeCode).label).toBe('Board full')
    s = reduceConnection(s, { type: 'status', status: 'connected' }, 3)
    expect([s.status, s.closeCode]).toEqual(['connected', null])
  })

  it('stays revoked whatever follows', () => {
    expect(
      run([
        [1, { type: 'closed', code: CLOSE.revoked.code }],
        [2, { type: 'status', status: 'connected' }],
        [3, { type: 'browser-online' }],
      ]),
    ).toEqual(['revoked', 'revoked', 'revoked'])
  })

  it('tells offline people their notes are kept, and revoked ones they can download', () => {
    expect(describeConnection('offline').detail).toMatch(/kept on this device/)
    expect(describeConnection('revoked', CLOSE.revoked.code).detail).toMatch(
      /no longer works.*can be downloaded/,
    )
    expect(describeConnection('revoked', CLOSE.malformed.code).detail).toMatch(/refused/)
    expect(describeConnection('revoked', CLOSE.refused.code).detail).toMatch(/refused/)
    expect(describeConnection('revoked', CLOSE.rebased.code).detail).toMatch(/reload the page/)
  })
})
