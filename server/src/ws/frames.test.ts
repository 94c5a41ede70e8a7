import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import wsPackage from 'ws/package.json' with { type: 'json' }
import { binaryFrame, FRAME_COPY_MAX, FrameWriter } from './frames'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
})

/** A ws server on 127.0.0.1 and `n` clients connected to it, with every message they receive. */
async function pair(n: number) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  const port = (wss.address() as AddressInfo).port
  const serverSide: WebSocket[] = []
  wss.on('connection', (ws) => serverSide.push(ws))
  const clients = await Promise.all(
    Array.from({ length: n }, async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`)
      const got: Uint8Array[] = []
      ws.on('message', (d: Buffer) => got.push(new Uint8Array(d)))
      await new Promise<void>((r, j) => {
        ws.once('open', () => r())
        ws.once('error', j)
      })
      return { ws, got }
    }),
  )
  while (serverSide.length < n) await new Promise((r) => setTimeout(r, 5))
  closers.push(async () => {
    for (const c of clients) c.ws.terminate()
    await new Promise<void>((r) => wss.close(() => r()))
  })
  return { serverSide, clients }
}

const bytes = (len: number, seed: number) =>
  Uint8Array.from({ length: len }, (_, i) => (i * 31 + seed) & 0xff)

async function until(f: () => boolean) {
  const end = Date.now() + 5000
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('ws internals FrameWriter relies on', () => {
  it('are those of the ws version they were written against, on an open idle socket', async () => {
    // A different version: re-check `_socket` and the sender's idle state in ws/lib, then move
    // the pin. Should they change, every message would go through ws.send unframed by us.
    expect(wsPackage.version).toBe('8.23.0')
    const { serverSide } = await pair(1)
    const internals = serverSide[0] as unknown as {
      _socket?: { write?: unknown }
      _sender?: { _state?: number }
    }
    expect(typeof internals._socket?.write).toBe('function')
    expect(internals._sender?._state).toBe(0)
  })
})

describe('FrameWriter', () => {
  it('delivers every payload length intact, each header size and the large-message fallback', async () => {
    const { serverSide, clients } = await pair(1)
    const w = new FrameWriter()
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, FRAME_COPY_MAX + 1, 200_000]
    const sent = lengths.map((len, i) => bytes(len, i))
    for (const data of sent) w.send(serverSide[0]!, data)
    const got = clients[0]!.got
    await until(() => got.length === sent.length)
    expect(got.map((g) => g.length)).toEqual(lengths)
    expect(got.every((g, i) => Buffer.from(g).equals(Buffer.from(sent[i]!)))).toBe(true)
  })

  it('frames a message once for all its sockets, and a reused array anew in a later turn', async () => {
    const { serverSide, clients } = await pair(3)
    const w = new FrameWriter()
    const data = bytes(300, 7)
    for (const ws of serverSide) w.send(ws, data)
    // The caller reuses the array for other bytes once the broadcast's turn is over.
    await Promise.resolve()
    data.fill(9)
    for (const ws of serverSide) w.send(ws, data)
    await until(() => clients.every((c) => c.got.length === 2))
    for (const c of clients) {
      expect(Buffer.from(c.got[0]!).equals(Buffer.from(bytes(300, 7)))).toBe(true)
      expect(c.got[1]!.every((b) => b === 9)).toBe(true)
    }
  })

  it('sends nothing to a closed socket and does not throw', async () => {
    const { serverSide, clients } = await pair(1)
    const ws = serverSide[0]!
    ws.close(1000)
    await until(() => clients[0]!.ws.readyState === WebSocket.CLOSED)
    expect(() => new FrameWriter().send(ws, bytes(10, 1))).not.toThrow()
    expect(clients[0]!.got).toEqual([])
  })
})

describe('binaryFrame', () => {
  it('writes RFC 6455 headers: FIN and opcode 2, unmasked, 7-, 16- and 64-bit lengths', () => {
    expect([...binaryFrame(bytes(3, 0)).subarray(0, 2)]).toEqual([0x82, 3])
    expect([...binaryFrame(bytes(126, 0)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126])
    expect([...binaryFrame(bytes(65_535, 0)).subarray(0, 4)]).toEqual([0x82, 126, 0xff, 0xff])
    const big = binaryFrame(bytes(70_000, 0))
    expect([...big.subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70])
    expect(big.length).toBe(70_010)
  })
})
