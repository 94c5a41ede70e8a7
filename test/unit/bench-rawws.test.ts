/**
 * The capacity scenario's raw WebSocket client (test/bench/rawWs.ts) against a real `ws`
 * server on 127.0.0.1: its frames are accepted (masked, zero key), and it reads what a server
 * sends: small, 16-bit and 64-bit lengths, several frames in one read, a fragmented message, a
 * ping (answered with a pong) and a close.
 */
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { waitFor } from '../bench/proc'
import { frame, RawWs } from '../bench/rawWs'

const servers: WebSocketServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

async function server(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  servers.push(wss)
  await new Promise((r) => wss.once('listening', r))
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/sync/b?token=t` }
}

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff)

describe('raw WebSocket client of the capacity bench', () => {
  it('frames a message masked with a zero key, the length in 7, 16 or 64 bits', () => {
    expect([...frame(2, Uint8Array.of(7, 8))]).toEqual([0x82, 0x82, 0, 0, 0, 0, 7, 8])
    const mid = frame(2, bytes(300, 3))
    expect([mid[0], mid[1], mid.readUInt16BE(2)]).toEqual([0x82, 0xfe, 300])
    const big = frame(2, bytes(70_000, 5))
    expect([big[1], Number(big.readBigUInt64BE(2)), big.length]).toEqual([0xff, 70_000, 70_014])
  })

  it('sends what a ws server reads, and reads every frame a ws server sends', async () => {
    const { wss, url } = await server()
    const atServer: Buffer[] = []
    let pongs = 0
    let path = ''
    wss.on('connection', (ws, req) => {
      path = req.url ?? ''
      ws.on('message', (d: Buffer) => atServer.push(d))
      ws.on('pong', () => pongs++)
      ws.send(bytes(10, 1))
      ws.send(bytes(300, 2))
      ws.send(bytes(70_000, 3))
      ws.send(bytes(5, 4), { fin: false })
      ws.send(bytes(6, 5), { fin: true })
      ws.ping(Buffer.from('hi'))
      ws.send(bytes(1, 6))
    })
    const got: Uint8Array[] = []
    let closed = false
    const c = new RawWs(url, {
      onOpen: () => {
        c.send(bytes(3, 7))
        c.send(bytes(200, 8))
      },
      onMessage: (d) => {
        got.push(Uint8Array.from(d))
        // An answer inside a read goes out with the read's other answers.
        if (d.length === 1) c.send(bytes(70_000, 9))
      },
      onClose: () => {
        closed = true
      },
    })
    await waitFor('five messages at the client', () => got.length === 5, 5000)
    expect(path).toBe('/sync/b?token=t')
    expect(got.map((d) => d.length)).toEqual([10, 300, 70_000, 11, 1])
    expect(got[2]).toEqual(bytes(70_000, 3))
    expect(got[3]).toEqual(Uint8Array.from([...bytes(5, 4), ...bytes(6, 5)]))
    await waitFor(
      'three messages and a pong at the server',
      () => atServer.length === 3 && pongs === 1,
      5000,
    )
    expect(atServer.map((d) => Uint8Array.from(d))).toEqual([
      bytes(3, 7),
      bytes(200, 8),
      bytes(70_000, 9),
    ])
    for (const ws of wss.clients) ws.close(1000)
    await waitFor('the close', () => closed, 5000)
    expect(c.open).toBe(false)
  })

  it('reports a refused upgrade as a close, never as open', async () => {
    const { wss, url } = await server()
    wss.options.verifyClient = () => false
    let opened = false
    let closed = false
    new RawWs(url, {
      onOpen: () => {
        opened = true
      },
      onMessage: () => {},
      onClose: () => {
        closed = true
      },
    })
    await waitFor('the close', () => closed, 5000)
    expect(opened).toBe(false)
  })
})
