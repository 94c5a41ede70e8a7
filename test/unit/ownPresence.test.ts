/**
 * The board client's presence [P1.4] against the real server on 127.0.0.1: y-websocket 3.1
 * providers in Node, wrapped as the browser client wraps its own (client/src/board/
 * ownPresence.ts), beside stock ones for contrast. Each client counts the messages it sends
 * by type (its socket's `send`); the server's own count of messages read (`messagesIn`, the
 * `board_messages_in_total` metric) must come to their sum, so what a client sent is what the
 * server read from its connection.
 */
import { decoding } from 'lib0'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { refreshPresenceOnReconnect, sendOwnPresenceOnly } from '../../client/src/board/ownPresence'
import { newTestServer, type TestServer } from '../../server/src/testing/newTestServer'
import { waitFor } from '../../server/src/testing/waitFor'

const SYNC = 0
const AWARENESS = 1

interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  awareness: awarenessProtocol.Awareness
  /** Messages sent, by message type (0 sync, 1 awareness). */
  sent: number[]
  /** The provider's 'status' events and its socket closes. */
  connected: number
  closes: number
}

let t: TestServer
const clients: Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.provider.destroy()
    c.doc.destroy()
  }
  await t?.close()
})

/** A `ws` socket class whose instances count what they send into `sent`. */
function countingSocket(sent: number[]) {
  return class extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      const bytes = data as Uint8Array
      const type = decoding.readVarUint(decoding.createDecoder(bytes))
      sent[type] = (sent[type] ?? 0) + 1
      ;(super.send as (...a: unknown[]) => void)(data, ...rest)
    }
  }
}

/** A y-websocket 3.1 client of `boardId`: the product's (`own`) or a stock one. */
async function connect(boardId: string, token: string, kind: 'own' | 'stock'): Promise<Client> {
  const doc = new Y.Doc()
  const sent: number[] = [0, 0]
  const provider = new WebsocketProvider(t.syncUrl, boardId, doc, {
    params: { token },
    WebSocketPolyfill: countingSocket(sent) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  })
  if (kind === 'own') {
    sendOwnPresenceOnly(provider)
    refreshPresenceOnReconnect(provider)
  }
  const c: Client = {
    doc,
    provider,
    awareness: provider.awareness,
    sent,
    connected: 0,
    closes: 0,
  }
  provider.on('status', (e: { status: string }) => {
    if (e.status === 'connected') c.connected++
  })
  provider.on('connection-close', () => c.closes++)
  clients.push(c)
  await waitFor(() => provider.synced, 10_000, 'sync')
  return c
}

const totalSent = () => clients.reduce((n, c) => n + c.sent.reduce((a, b) => a + b, 0), 0)

/** Wait until the server has read every message the clients sent (nothing is in flight). */
async function allRead(): Promise<void> {
  await waitFor(() => t.server.metrics.messagesIn === totalSent(), 10_000, 'the server to read all')
}

/** The state `of` holds of client `c`'s awareness. */
const stateOf = (of: Client, c: Client) =>
  of.awareness.getStates().get(c.awareness.clientID) as Record<string, unknown> | undefined

const hasCursor = (of: Client, c: Client, x: number) =>
  (stateOf(of, c)?.cursor as { x?: number } | undefined)?.x === x

/** Three clients of one board, each holding the others' states, nothing in flight. */
async function board(kind: 'own' | 'stock') {
  t = await newTestServer()
  const s = await t.createSession({ boards: 1 })
  const b = s.boards[0]!
  const token = b.links.participant.token
  const [a, bb, c] = [
    await connect(b.id, token, kind),
    await connect(b.id, token, kind),
    await connect(b.id, token, kind),
  ] as [Client, Client, Client]
  for (const x of [a, bb, c]) x.awareness.setLocalStateField('cursor', { x: -1, y: 0 })
  await waitFor(
    () => [a, bb, c].every((o) => [a, bb, c].every((x) => hasCursor(o, x, -1))),
    10_000,
    'everyone to see everyone',
  )
  await allRead()
  return { a, b: bb, c, boardId: b.id, token }
}

const MOVES = 20

/** A moves its cursor MOVES times, each waited for at B and C; the awareness messages each sent and the server read meanwhile. */
async function moves(x: { a: Client; b: Client; c: Client }) {
  const before = [x.a, x.b, x.c].map((c) => c.sent[AWARENESS]!)
  const read0 = t.server.metrics.messagesIn
  for (let i = 1; i <= MOVES; i++) {
    x.a.awareness.setLocalStateField('cursor', { x: i, y: i })
    await waitFor(() => hasCursor(x.b, x.a, i) && hasCursor(x.c, x.a, i), 10_000, `move ${i}`)
  }
  await allRead()
  const sent = [x.a, x.b, x.c].map((c, i) => c.sent[AWARENESS]! - before[i]!)
  return { sent, read: t.server.metrics.messagesIn - read0 }
}

describe('the board client sends only its own presence [P1.4]', () => {
  it('[P1.4] a cursor move by A reaches B and C, and the server reads it from A alone', async () => {
    const x = await board('own')
    const r = await moves(x)
    expect(r.sent).toEqual([MOVES, 0, 0])
    expect(r.read).toBe(MOVES)
    expect(x.b.sent[SYNC]! + x.c.sent[SYNC]!).toBeGreaterThan(0)
  })

  it('[P1.4] stock y-websocket 3.1 clients send each move back (what the client no longer does)', async () => {
    const x = await board('stock')
    const r = await moves(x)
    // Each of B and C re-sends every move it applied; the server reads three messages a move.
    expect(r.sent).toEqual([MOVES, MOVES, MOVES])
    expect(r.read).toBe(3 * MOVES)
  })

  for (const kind of ['own', 'stock'] as const) {
    it(`[P1.4] [P8.1] a ${kind} client that times out A’s state leaves it for the others`, async () => {
      const x = await board(kind)
      const foreign0 = t.server.metrics.rejected.get('presence-foreign') ?? 0
      const sent0 = x.c.sent[AWARENESS]!
      // What y-protocols' timer does in a tab whose timers were held back: A's state is
      // 30 s old on C's device.
      awarenessProtocol.removeAwarenessStates(x.c.awareness, [x.a.awareness.clientID], 'timeout')
      expect(stateOf(x.c, x.a)).toBeUndefined()
      // C's next move, once B has it, was read after anything C sent before it.
      x.c.awareness.setLocalStateField('cursor', { x: 99, y: 0 })
      await waitFor(() => hasCursor(x.b, x.c, 99), 10_000, 'C’s move at B')
      await allRead()
      const foreign = (t.server.metrics.rejected.get('presence-foreign') ?? 0) - foreign0
      if (kind === 'own') {
        // Only the move went out: no removal for the server to refuse.
        expect(x.c.sent[AWARENESS]! - sent0).toBe(1)
        expect(foreign).toBe(0)
      } else {
        // The stock client sends A's removal at A's clock; the server refuses it [P8.1].
        expect(x.c.sent[AWARENESS]! - sent0).toBe(2)
        expect(foreign).toBe(1)
      }
      // B still shows A, and so does a person who joins now.
      expect(hasCursor(x.b, x.a, -1)).toBe(true)
      const d = await connect(x.boardId, x.token, 'own')
      await waitFor(() => hasCursor(d, x.a, -1), 10_000, 'A’s state at a newcomer')
    })
  }

  it('[P1.5] a client whose connection dropped is shown again as soon as it is back', async () => {
    const x = await board('own')
    const sent0 = x.a.sent[AWARENESS]!
    x.a.provider.ws?.close()
    // The server removes A's state with its connection, and has it again once A is back.
    await waitFor(() => stateOf(x.b, x.a) === undefined, 10_000, 'A gone at B')
    await waitFor(() => hasCursor(x.b, x.a, -1), 10_000, 'A back at B')
    await waitFor(() => hasCursor(x.a, x.b, -1), 10_000, 'B back at A')
    expect(x.a.connected).toBe(2)
    // The provider's own announcement on opening; nothing of B's or C's, which A removed
    // when its socket closed and got again from the server.
    expect(x.a.sent[AWARENESS]! - sent0).toBe(1)
  })

  it('[P1.4] a client alone on a board keeps its connection past y-websocket’s 30 s without a message', async () => {
    // y-websocket closes a socket that received nothing for 30 s. A lone client is sent no
    // presence (its own is not sent back): the server's keepalive (every 15 s to a connection
    // sent nothing, checked every 5 s) is what it hears, and its state, renewed every 15 s,
    // stays on the server.
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    const token = b.links.participant.token
    const a = await connect(b.id, token, 'own')
    a.awareness.setLocalStateField('cursor', { x: 5, y: 5 })
    const sent0 = a.sent[AWARENESS]!
    let received = 0
    a.provider.ws?.addEventListener('message', () => received++)
    const start = Date.now()
    await waitFor(() => Date.now() - start > 36_000, 40_000, '36 s alone')
    expect([a.connected, a.closes]).toEqual([1, 0])
    // Something came in (the keepalive), and A renewed its state at least twice.
    expect(received).toBeGreaterThan(0)
    expect(a.sent[AWARENESS]! - sent0).toBeGreaterThanOrEqual(2)
    const d = await connect(b.id, token, 'own')
    await waitFor(() => hasCursor(d, a, 5), 10_000, 'A’s state at a newcomer')
  }, 60_000)
})
