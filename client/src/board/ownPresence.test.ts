/**
 * The provider's awareness listener as ownPresence.ts replaces it, checked against the
 * installed y-websocket's source and pinned to its version: a new y-websocket fails here
 * first, so the internals are checked again (and the pin moved) before the client relies on
 * them. Against the real server: test/unit/ownPresence.test.ts and test/e2e/presenceEcho.test.ts.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import yProtocolsPackage from 'y-protocols/package.json' with { type: 'json' }
import { WebsocketProvider } from 'y-websocket'
import yWebsocketPackage from 'y-websocket/package.json' with { type: 'json' }
import * as Y from 'yjs'
import {
  type AwarenessChanges,
  ownChanges,
  refreshPresenceOnReconnect,
  sendOwnPresenceOnly,
  Y_WEBSOCKET_INTERNALS,
} from './ownPresence'

const require = createRequire(import.meta.url)
const sourceOf = (pkg: string, file: string) =>
  readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8')
const source = sourceOf('y-websocket', 'src/y-websocket.js')
const awarenessSource = sourceOf('y-protocols', 'awareness.js')

const live: Array<{ provider: WebsocketProvider; doc: Y.Doc }> = []
afterEach(() => {
  for (const { provider, doc } of live.splice(0)) {
    provider.destroy()
    doc.destroy()
  }
})

/**
 * A provider that never connects, whose send (the listener ownPresence passes changes to) is
 * recorded instead: what would go to the socket and the other tabs.
 */
function recordedProvider() {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'board', doc, {
    connect: false,
    disableBc: true,
    // Never opened (it does not connect); Node 20 has no WebSocket of its own.
    WebSocketPolyfill: class {} as unknown as typeof WebSocket,
  })
  live.push({ provider, doc })
  const sent: AwarenessChanges[] = []
  const record = (changes: AwarenessChanges) => sent.push(changes)
  provider.awareness.off('update', provider._awarenessUpdateHandler)
  provider.awareness.on('update', record)
  provider._awarenessUpdateHandler = record
  sendOwnPresenceOnly(provider)
  return { doc, provider, sent }
}

/** Another person's awareness, whose update `to` applies as if the server relayed it. */
function otherPerson(to: awarenessProtocol.Awareness, state: unknown) {
  const doc = new Y.Doc()
  const a = new awarenessProtocol.Awareness(doc)
  a.setLocalState(state as Record<string, unknown>)
  awarenessProtocol.applyAwarenessUpdate(
    to,
    awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]),
    'server',
  )
  return { doc, a }
}

describe('y-websocket’s awareness listener [P1.4]', () => {
  it('is that of the y-websocket version ownPresence.ts was written against', () => {
    // A different version: check Y_WEBSOCKET_INTERNALS against its src/y-websocket.js, then
    // move the pin.
    expect(yWebsocketPackage.version).toBe(Y_WEBSOCKET_INTERNALS.version)
    expect(yWebsocketPackage.version).toBe('3.1.0')
    expect(yProtocolsPackage.version).toBe(Y_WEBSOCKET_INTERNALS.yProtocolsVersion)
    expect(yProtocolsPackage.version).toBe('1.0.7')
  })

  it('is the provider’s field, put on the awareness by the constructor, taken off by destroy()', () => {
    const name = Y_WEBSOCKET_INTERNALS.awarenessHandler
    expect(source).toContain(`this.${name} = ({ added, updated, removed }, _origin) => {`)
    expect(source).toContain(`awareness.on('update', this.${name})`)
    expect(source).toContain(`this.awareness.off('update', this.${name})`)
    // It sends the states of the clients it is given, through the provider's broadcast (the
    // socket, and the other tabs unless disableBc).
    expect(source).toContain('const changedClients = added.concat(updated).concat(removed)')
    expect(source).toContain('broadcastMessage(this, encoding.toUint8Array(encoder))')
  })

  it('[P1.5] a closed connection removes the others before it reports, an opened one announces at the clock held', () => {
    const close = source.slice(source.indexOf('const closeWebsocketConnection'))
    const removal = close.indexOf('awarenessProtocol.removeAwarenessStates(')
    expect(removal).toBeGreaterThan(0)
    expect(close.indexOf("status: 'disconnected'")).toBeGreaterThan(removal)
    const open = source.slice(source.indexOf('websocket.onopen = () => {'))
    expect(open).toMatch(
      /encodeAwarenessUpdate\(provider\.awareness, \[\s*provider\.doc\.clientID\s*\]\)/,
    )
    // y-protocols keeps a client's clock in `meta` and takes a state only at a newer clock.
    const clocks = Y_WEBSOCKET_INTERNALS.clocks
    expect(awarenessSource).toContain(`this.${clocks} = new Map()`)
    expect(awarenessSource).toContain(`const clientMeta = awareness.${clocks}.get(clientID)`)
    expect(awarenessSource).toContain(
      'if (currClock < clock || (currClock === clock && state === null',
    )
  })
})

describe('ownChanges', () => {
  const own = 7
  const cases: Array<[string, AwarenessChanges, AwarenessChanges | null]> = [
    [
      'its own state added',
      { added: [7], updated: [], removed: [] },
      { added: [7], updated: [], removed: [] },
    ],
    [
      'its own state renewed',
      { added: [], updated: [7], removed: [] },
      { added: [], updated: [7], removed: [] },
    ],
    [
      'its own removal',
      { added: [], updated: [], removed: [7] },
      { added: [], updated: [], removed: [7] },
    ],
    ['another person’s state', { added: [3], updated: [4], removed: [] }, null],
    ['another person timed out', { added: [], updated: [], removed: [3, 4] }, null],
    [
      'its own among others (a relay that holds it)',
      { added: [3], updated: [7, 4], removed: [5] },
      { added: [], updated: [7], removed: [] },
    ],
    ['nothing', { added: [], updated: [], removed: [] }, null],
  ]
  for (const [what, changes, expected] of cases) {
    it(`[P1.4] ${what}`, () => {
      expect(ownChanges(changes, own)).toEqual(expected)
    })
  }
})

describe('sendOwnPresenceOnly [P1.4]', () => {
  it('passes on the client’s own changes and none of another person’s', () => {
    const { provider, sent } = recordedProvider()
    const own = provider.awareness.clientID
    provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 })
    expect(sent).toEqual([{ added: [], updated: [own], removed: [] }])
    sent.length = 0

    const other = otherPerson(provider.awareness, { cursor: { x: 5, y: 5 } })
    expect(provider.awareness.getStates().has(other.a.clientID)).toBe(true)
    // A renewal of theirs, then their state timed out on this device: nothing of it is sent.
    other.a.setLocalState({ cursor: { x: 6, y: 6 } })
    awarenessProtocol.applyAwarenessUpdate(
      provider.awareness,
      awarenessProtocol.encodeAwarenessUpdate(other.a, [other.a.clientID]),
      'server',
    )
    awarenessProtocol.removeAwarenessStates(provider.awareness, [other.a.clientID], 'timeout')
    expect(provider.awareness.getStates().has(other.a.clientID)).toBe(false)
    expect(sent).toEqual([])

    // The server removed this client's own state (it missed a renewal): the awareness keeps
    // it at a higher clock and reports it among the removed, and the provider's send encodes
    // the state it holds, so the live state goes out again.
    const meta = provider.awareness.meta.get(own)!
    const removal = new awarenessProtocol.Awareness(new Y.Doc())
    removal.clientID = own
    removal.meta.set(own, { clock: meta.clock + 1, lastUpdated: 0 })
    awarenessProtocol.applyAwarenessUpdate(
      provider.awareness,
      awarenessProtocol.encodeAwarenessUpdate(removal, [own], new Map()),
      'server',
    )
    expect(provider.awareness.getLocalState()).not.toBeNull()
    expect(sent).toEqual([{ added: [], updated: [], removed: [own] }])

    // Leaving: its own removal goes out.
    sent.length = 0
    provider.awareness.setLocalState(null)
    expect(sent).toEqual([{ added: [], updated: [], removed: [own] }])
    other.doc.destroy()
    removal.destroy()
  })

  it('is the provider’s listener (destroy() takes it off) and is put on once', () => {
    const { provider, sent } = recordedProvider()
    const listener = provider._awarenessUpdateHandler
    sendOwnPresenceOnly(provider)
    expect(provider._awarenessUpdateHandler).toBe(listener)
    provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 })
    expect(sent).toHaveLength(1)
    provider.destroy()
    provider.awareness.setLocalStateField('cursor', { x: 2, y: 2 })
    expect(sent).toHaveLength(1)
  })
})

describe('refreshPresenceOnReconnect [P1.5]', () => {
  it('on a drop it will come back from, renews its own clock and forgets the removed others’', () => {
    const { provider, sent } = recordedProvider()
    refreshPresenceOnReconnect(provider)
    const { awareness } = provider
    const own = awareness.clientID
    awareness.setLocalStateField('cursor', { x: 1, y: 1 })
    const other = otherPerson(awareness, { cursor: { x: 5, y: 5 } })
    const theirs = other.a.clientID
    // The provider on a close: the others removed, then 'disconnected'.
    awarenessProtocol.removeAwarenessStates(awareness, [theirs], provider)
    const clock = awareness.meta.get(own)!.clock
    sent.length = 0
    provider.shouldConnect = true
    provider.emit('status', [{ status: 'disconnected' }])
    expect(awareness.meta.get(own)!.clock).toBe(clock + 1)
    expect(awareness.meta.has(theirs)).toBe(false)
    expect(sent).toEqual([{ added: [], updated: [own], removed: [] }])
    // Their state as the server sends it on opening, at the clock this tab had: taken.
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessProtocol.encodeAwarenessUpdate(other.a, [theirs]),
      provider,
    )
    expect(awareness.getStates().has(theirs)).toBe(true)
    other.doc.destroy()
  })

  it('leaves everything as it is when the provider is not coming back', () => {
    const { provider, sent } = recordedProvider()
    refreshPresenceOnReconnect(provider)
    const own = provider.awareness.clientID
    const clock = provider.awareness.meta.get(own)!.clock
    provider.emit('status', [{ status: 'disconnected' }])
    expect(provider.awareness.meta.get(own)!.clock).toBe(clock)
    expect(sent).toEqual([])
  })
})
