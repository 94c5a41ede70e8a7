/**
 * A minimal WebSocket client on a raw TCP socket, for the capacity scenario's lean clients:
 * thousands of them per load-generator process, where `ws`'s per-message machinery (a
 * Writable stream per socket, a random mask and a masked copy of every frame sent) made the
 * generator cost about as much CPU per message as the server under test. The frames on the
 * wire are the ones a browser sends (binary, masked, one message a frame): the mask is zero, as
 * RFC 6455 allows, so a frame is its header and the payload as it is. Several frames sent
 * while one read is handled go out in one write (as a client's messages do when they are
 * queued behind one another), each still its own frame.
 *
 * Handles what a server sends: binary and text messages (also fragmented), ping (answered),
 * close (answered, then the socket ends). No extensions are offered.
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { WebSocket } from 'ws'

export interface RawWsHandlers {
  onOpen(): void
  onMessage(data: Uint8Array): void
  onClose(): void
}

const OP_CONT = 0
const OP_BINARY = 2
const OP_CLOSE = 8
const OP_PING = 9
const OP_PONG = 10
const HEAD_END = Buffer.from('\r\n\r\n')
/** A server's upgrade answer larger than this is not one. */
const MAX_HEAD = 16 * 1024

/** One masked frame with a zero mask: header, four zero bytes, the payload. */
export function frame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10
  const out = Buffer.allocUnsafe(head + 4 + n)
  out[0] = 0x80 | opcode
  if (n < 126) out[1] = 0x80 | n
  else if (n < 65536) {
    out[1] = 0x80 | 126
    out.writeUInt16BE(n, 2)
  } else {
    out[1] = 0x80 | 127
    out.writeBigUInt64BE(BigInt(n), 2)
  }
  out.writeUInt32BE(0, head)
  out.set(payload, head + 4)
  return out
}

export class RawWs {
  readonly socket: Socket
  /** The upgrade was answered and the socket has not closed. */
  open = false
  private head: Buffer | null = Buffer.alloc(0)
  private rest: Buffer | null = null
  private fragments: Buffer[] = []
  /** Frames to send at the end of the read being handled; null outside one. */
  private batch: Buffer[] | null = null

  constructor(
    url: string,
    private readonly on: RawWsHandlers,
  ) {
    const u = new URL(url)
    const key = randomBytes(16).toString('base64')
    this.socket = connect({ host: u.hostname, port: Number(u.port), noDelay: true })
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      )
    })
    this.socket.on('data', (chunk: Buffer) => this.read(chunk))
    this.socket.on('error', () => {})
    this.socket.on('close', () => {
      this.open = false
      this.on.onClose()
    })
  }

  /** Send one binary message (at the end of the current read when inside one). */
  send(data: Uint8Array): void {
    if (!this.open) return
    const f = frame(OP_BINARY, data)
    if (this.batch) this.batch.push(f)
    else this.socket.write(f)
  }

  /** Drop the connection at once. */
  terminate(): void {
    this.open = false
    this.socket.destroy()
  }

  private read(chunk: Buffer): void {
    if (this.head) {
      const got: Buffer = Buffer.concat([this.head, chunk])
      const end = got.indexOf(HEAD_END)
      if (end < 0) {
        if (got.length > MAX_HEAD) this.terminate()
        else this.head = got
        return
      }
      this.head = null
      if (!got.toString('latin1', 0, 13).startsWith('HTTP/1.1 101')) {
        this.terminate()
        return
      }
      this.open = true
      this.on.onOpen()
      chunk = got.subarray(end + 4)
      if (chunk.length === 0) return
    }
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk
    this.rest = null
    this.batch = []
    let at = 0
    while (buf.length - at >= 2) {
      const b0 = buf[at]!
      const b1 = buf[at + 1]!
      let len = b1 & 0x7f
      let head = 2
      if (len === 126) {
        if (buf.length - at < 4) break
        len = buf.readUInt16BE(at + 2)
        head = 4
      } else if (len === 127) {
        if (buf.length - at < 10) break
        len = Number(buf.readBigUInt64BE(at + 2))
        head = 10
      }
      // A server's frames are not masked; a masked one is skipped with its key.
      if (b1 & 0x80) head += 4
      if (buf.length - at < head + len) break
      const payload = buf.subarray(at + head, at + head + len)
      at += head + len
      this.frameIn(b0 & 0x80, b0 & 0x0f, payload)
      if (!this.open) break
    }
    if (at < buf.length && this.open) this.rest = Buffer.from(buf.subarray(at))
    const out = this.batch
    this.batch = null
    if (out.length === 1) this.socket.write(out[0]!)
    else if (out.length > 1) this.socket.write(Buffer.concat(out))
  }

  private frameIn(fin: number, opcode: number, payload: Buffer): void {
    if (opcode === OP_PING) {
      this.batch?.push(frame(OP_PONG, payload))
      return
    }
    if (opcode === OP_PONG) return
    if (opcode === OP_CLOSE) {
      this.socket.write(frame(OP_CLOSE, payload.subarray(0, 2)))
      this.open = false
      this.socket.end()
      return
    }
    if (!fin || (opcode === OP_CONT && this.fragments.length > 0)) {
      this.fragments.push(Buffer.from(payload))
      if (!fin) return
      const whole = Buffer.concat(this.fragments)
      this.fragments = []
      this.on.onMessage(whole)
      return
    }
    this.on.onMessage(payload)
  }
}

/** The same handlers on a `ws` client (diagnostics: what the raw socket saves, A/B). */
export function wsClient(
  url: string,
  on: RawWsHandlers,
): Pick<RawWs, 'open' | 'send' | 'terminate'> {
  const ws = new WebSocket(url)
  ws.binaryType = 'nodebuffer'
  const c = {
    open: false,
    send: (data: Uint8Array) => {
      if (c.open) ws.send(data)
    },
    terminate: () => {
      c.open = false
      ws.terminate()
    },
  }
  ws.on('open', () => {
    c.open = true
    on.onOpen()
  })
  ws.on('message', (d: Buffer) =>
    on.onMessage(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)),
  )
  ws.on('error', () => {})
  ws.on('close', () => {
    c.open = false
    on.onClose()
  })
  return c
}
