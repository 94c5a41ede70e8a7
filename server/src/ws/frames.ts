/**
 * Server-to-client binary frames, built once per message however many sockets it goes to.
 *
 * `ws.send` frames a message anew for every socket: two option objects, a Buffer view, a header
 * buffer and a corked two-chunk write each time. A room relays every message to all of its
 * connections, so the sync edge frames it once here (RFC 6455 §5.2: FIN, opcode 2, no mask,
 * as a server sends) into one buffer, and writes that buffer to each socket. Only for what
 * `ws.send` would frame identically: a server socket without compression (the sync server
 * turns perMessageDeflate off), open, with nothing queued in its sender; anything else goes
 * through `ws.send`.
 */
import type { Duplex } from 'node:stream'
import { WebSocket } from 'ws'

/** Above this, the payload is not copied into a frame buffer: `ws.send` writes it as is. */
export const FRAME_COPY_MAX = 64 * 1024

/** The frame of a binary message `data` (unmasked, final). */
export function binaryFrame(data: Uint8Array): Buffer {
  const len = data.length
  const head = len < 126 ? 2 : len < 0x10000 ? 4 : 10
  const frame = Buffer.allocUnsafe(head + len)
  frame[0] = 0x82
  if (head === 2) {
    frame[1] = len
  } else if (head === 4) {
    frame[1] = 126
    frame.writeUInt16BE(len, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(len / 0x1_0000_0000), 2)
    frame.writeUInt32BE(len >>> 0, 6)
  }
  frame.set(data, head)
  return frame
}

/** The parts of a `ws` WebSocket this module relies on beyond its public API (ws 8). */
interface WsInternals {
  _socket?: Duplex | null
  _sender?: { _state?: number } | null
}

/** ws's Sender state when nothing is queued (DEFAULT in ws/lib/sender.js). */
const SENDER_IDLE = 0

/**
 * Sends binary messages, framing each distinct message once: a room's broadcast hands the
 * same Uint8Array to every connection in one loop, so the last frame is kept for the next
 * socket until that turn ends (a caller may reuse an array for other bytes later).
 */
export class FrameWriter {
  private lastData: Uint8Array | null = null
  private lastFrame: Buffer | null = null

  send(ws: WebSocket, data: Uint8Array): void {
    const internals = ws as unknown as WsInternals
    const socket = internals._socket
    if (
      data.length > FRAME_COPY_MAX ||
      ws.readyState !== WebSocket.OPEN ||
      !socket ||
      internals._sender?._state !== SENDER_IDLE
    ) {
      ws.send(data)
      return
    }
    socket.write(this.frameOf(data))
  }

  /** The frame of `data`, reused until the end of the current turn (the broadcast's loop). */
  private frameOf(data: Uint8Array): Buffer {
    if (data === this.lastData && this.lastFrame) return this.lastFrame
    const frame = binaryFrame(data)
    if (!this.lastData) queueMicrotask(this.forget)
    this.lastData = data
    this.lastFrame = frame
    return frame
  }

  private readonly forget = () => {
    this.lastData = null
    this.lastFrame = null
  }
}
