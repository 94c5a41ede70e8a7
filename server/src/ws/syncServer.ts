/**
 * The WebSocket edge: `ws://HOST:PORT/sync/<boardId>?token=T`. Checks the token before a byte of
 * the board is sent (a bad one is closed with 4401, unknown board alike), adapts `ws` to the
 * room's `{ send, close }`, and drops sockets that stop answering pings.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { CLOSE, credentialFromProtocols, ID_PATTERN } from '@sensemaking/shared'
import type { Logger } from 'pino'
import { WebSocket, WebSocketServer } from 'ws'
import type { AccessControl } from '../auth/access'
import type { People, Person } from '../auth/people'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import type { Connection, Peer } from '../rooms/connection'
import type { Room } from '../rooms/Room'
import type { Rooms } from '../rooms/Rooms'
import { FrameWriter } from './frames'

/**
 * `ws` closes a socket whose message passes maxPayload with 1009, which y-websocket retries
 * (and so would resend the same message forever). Ours says 4413: do not retry.
 */
class BoardSocket extends WebSocket {
  alive = true
  override close(code?: number, data?: string | Buffer): void {
    if (code === 1009) super.close(CLOSE.tooLarge.code, CLOSE.tooLarge.reason)
    else super.close(code, data)
  }
}

/** The bytes of a `ws` message as a Uint8Array view (binaryType 'nodebuffer', the default). */
function messageBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** Messages a socket may send while its board is still loading. */
const MAX_EARLY_MESSAGES = 64

export interface SyncServerOptions {
  rooms: Rooms
  access: AccessControl
  people: People
  limits: Limits
  metrics: ServerMetrics
  log: Logger
}

export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly ping: NodeJS.Timeout
  /** Frames each outgoing message once for all the sockets it goes to. */
  private readonly frames = new FrameWriter()

  constructor(private readonly o: SyncServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: o.limits.maxMessageBytes,
      // Off: FrameWriter frames messages itself, uncompressed.
      perMessageDeflate: false,
      WebSocket: BoardSocket,
    })
    this.ping = setInterval(() => {
      for (const ws of this.wss.clients as Set<BoardSocket>) {
        if (!ws.alive) {
          ws.terminate()
          continue
        }
        ws.alive = false
        ws.ping()
      }
    }, o.limits.pingIntervalMs)
    this.ping.unref()
  }

  /** The http server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const m = /^\/sync\/([^/]+)$/.exec(url.pathname)
    let boardId: string | null = null
    try {
      boardId = m ? decodeURIComponent(m[1]!) : null
    } catch {
      boardId = null
    }
    if (!boardId) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const token = url.searchParams.get('token')
    // The person's credential [F13.2]: the board's own client offers it as a subprotocol,
    // standard clients may add `?person=`. Without one, the connection is a person of its own.
    const credential =
      credentialFromProtocols(req.headers['sec-websocket-protocol']) ??
      url.searchParams.get('person')
    const person = this.o.people.read(credential) ?? this.o.people.anonymous()
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.onConnection(ws as BoardSocket, boardId, token, person)
    })
  }

  private onConnection(ws: BoardSocket, boardId: string, token: string | null, person: Person) {
    ws.on('pong', () => {
      ws.alive = true
    })
    ws.on('error', (err) => this.o.log.debug({ boardId, err: err.message }, 'socket error'))
    const access = ID_PATTERN.test(boardId) ? this.o.access.boardAccess(boardId, token) : null
    if (!access) {
      this.o.metrics.reject('unauthorized')
      ws.close(CLOSE.unauthorized.code, CLOSE.unauthorized.reason)
      return
    }
    access.person = person
    const conn: Connection = {
      send: (data) => this.frames.send(ws, data),
      close: (code, reason) => ws.close(code, reason),
      bufferedAmount: () => ws.bufferedAmount,
    }
    let joined: { room: Room; peer: Peer } | null = null
    let gone = false
    const early: Uint8Array[] = []
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      // A view of the message's own bytes, often inside the socket's read chunk, instead of an
      // ArrayBuffer copy per message. Every reader goes by the view's length; what the room
      // keeps (presence states, held updates) is copied. A Yjs binary value keeps a view of
      // its message, and so of that read (bounded by what the socket received).
      const bytes = messageBytes(data)
      if (joined) joined.room.receive(joined.peer, bytes)
      else if (early.length < MAX_EARLY_MESSAGES) early.push(bytes.slice())
      else ws.close(CLOSE.rateLimited.code, CLOSE.rateLimited.reason)
    })
    ws.on('close', () => {
      gone = true
      if (joined) joined.room.leave(joined.peer)
    })
    this.o.rooms.join(boardId, conn, access).then(
      (j) => {
        if (!j) return
        if (gone) {
          j.room.leave(j.peer)
          return
        }
        joined = j
        for (const bytes of early.splice(0)) j.room.receive(j.peer, bytes)
      },
      (err: Error) => {
        this.o.log.error({ boardId, err: err.message }, 'board could not be loaded')
        ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason)
      },
    )
  }

  /**
   * Stop pinging; give sockets the rooms already closed up to `graceMs` to finish the closing
   * handshake (so clients see the code), then drop whatever is left.
   */
  async close(graceMs = 1000): Promise<void> {
    clearInterval(this.ping)
    const deadline = Date.now() + graceMs
    while (this.wss.clients.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10))
    }
    for (const ws of this.wss.clients) ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
  }
}
