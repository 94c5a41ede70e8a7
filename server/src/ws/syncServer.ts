/**
 * The WebSocket edge: `ws://HOST:PORT/sync/<boardId>`, the token in a subprotocol (the board's
 * own client) or in `?token=` (standard y-websocket clients). The token is checked on the HTTP
 * upgrade request: a wrong one (or an unknown board, alike) is answered 401 and no socket is
 * held [G8], as is an address over its rate of upgrades (429). Adapts `ws` to the room's
 * `{ send, close, terminate }`, drops sockets that stop
 * answering pings, and drops a socket the server closed that does not finish the closing
 * handshake within `closeGraceMs`.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  CLOSE,
  credentialFromProtocols,
  ID_PATTERN,
  SYNC_PROTOCOL,
  tokenFromProtocols,
} from '@sensemaking/shared'
import type { Logger } from 'pino'
import { WebSocket, WebSocketServer } from 'ws'
import type { AccessControl } from '../auth/access'
import type { People } from '../auth/people'
import type { Cluster } from '../cluster/cluster'
import { forward } from '../cluster/forward'
import type { Limits } from '../config'
import type { ServerMetrics } from '../metrics'
import { Budget } from '../rooms/budgets'
import type { Access, Connection, Peer } from '../rooms/connection'
import type { Room } from '../rooms/Room'
import type { Rooms } from '../rooms/Rooms'
import { isLoopback } from '../rooms/seats'
import { FrameWriter } from './frames'
import { type Pingable, PingSlices } from './pings'

/**
 * `ws` closes a socket whose message passes maxPayload with 1009, which y-websocket retries
 * (and so would resend the same message forever). Ours says 4413: do not retry.
 */
/** The socket under a `ws` WebSocket (ws 8 keeps it as `_socket`), while it has one. */
const socketOf = (ws: WebSocket) => (ws as unknown as { _socket?: Duplex | null })._socket

/** Liveness pings go out in this many slices of the ping interval (pings.ts). */
const PING_SLICES = 10

class BoardSocket extends WebSocket implements Pingable {
  alive = true
  /** Set as the connection is taken (the server's `PingSlices`). */
  pingSlot = 0
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

/** Messages (and bytes) a socket may send while its board is still loading. */
const MAX_EARLY_MESSAGES = 64

const refuseUpgrade = (socket: Duplex, status: string) => {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

export interface SyncServerOptions {
  rooms: Rooms
  access: AccessControl
  people: People
  limits: Limits
  metrics: ServerMetrics
  log: Logger
  /** Read the client's address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean
  /** Several nodes: a board owned elsewhere has its connections forwarded to its owner. */
  cluster?: Cluster
}

/** The client's address: the socket's peer, or the proxy's last hop when trusted. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for']
    const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim()
    if (last) return last
  }
  return req.socket.remoteAddress ?? null
}

export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly ping: NodeJS.Timeout
  /** Frames each outgoing message once for all the sockets it goes to. */
  private readonly frames = new FrameWriter()
  private readonly pings = new PingSlices(PING_SLICES)

  constructor(private readonly o: SyncServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: o.limits.maxMessageBytes,
      // Off: FrameWriter frames messages itself, uncompressed.
      perMessageDeflate: false,
      WebSocket: BoardSocket,
      // The board's own client offers its protocol and its token; select the protocol.
      handleProtocols: (offered) => (offered.has(SYNC_PROTOCOL) ? SYNC_PROTOCOL : false),
    })
    this.ping = setInterval(() => {
      if (this.pings.tick(this.wss.clients as Set<BoardSocket>) !== 0) return
      const now = Date.now()
      for (const [address, b] of this.upgrades) {
        if (b.left(now) >= b.capacity) this.upgrades.delete(address)
      }
    }, o.limits.pingIntervalMs / PING_SLICES)
    this.ping.unref()
  }

  /** Upgrade requests per address, a token bucket each (forgotten once full again). */
  private readonly upgrades = new Map<string, Budget>()

  private upgradeAllowed(address: string | null): boolean {
    if (!address || isLoopback(address)) return true
    const now = Date.now()
    let b = this.upgrades.get(address)
    if (!b) {
      b = new Budget(
        this.o.limits.upgradeBurstPerAddress,
        this.o.limits.upgradesPerSecondPerAddress,
        now,
      )
      this.upgrades.set(address, b)
    }
    return b.take(1, now)
  }

  /** The http server's 'upgrade' event: the link is checked before any socket exists. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {})
    const url = new URL(req.url ?? '/', 'http://localhost')
    const m = /^\/sync\/([^/]+)$/.exec(url.pathname)
    let boardId: string | null = null
    try {
      boardId = m ? decodeURIComponent(m[1]!) : null
    } catch {
      boardId = null
    }
    if (!boardId) {
      refuseUpgrade(socket, '404 Not Found')
      return
    }
    // A connection another node forwarded carries its client's address.
    const fromNode = this.o.cluster?.forwardedFor(req) ?? null
    const address = fromNode ?? clientAddress(req, this.o.trustProxy ?? false)
    // A burst of sockets from one address is answered before any token work [G8].
    if (!this.upgradeAllowed(address)) {
      this.o.metrics.reject('rate-limited')
      refuseUpgrade(socket, '429 Too Many Requests')
      return
    }
    const token =
      tokenFromProtocols(req.headers['sec-websocket-protocol']) ?? url.searchParams.get('token')
    // Unknown boards and wrong tokens do the same work and get the same answer.
    const access = this.o.access.boardAccess(ID_PATTERN.test(boardId) ? boardId : '', token)
    if (!access) {
      this.o.metrics.reject('unauthorized')
      refuseUpgrade(socket, '401 Unauthorized')
      return
    }
    // The person's credential [F14.2]: the board's own client offers it as a subprotocol,
    // standard clients may add `?person=`. Without one, the connection is a person of its own.
    const credential =
      credentialFromProtocols(req.headers['sec-websocket-protocol']) ??
      url.searchParams.get('person')
    const person = this.o.people.read(credential) ?? this.o.people.anonymous()
    const id = boardId
    const cluster = this.o.cluster
    if (!cluster) {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.onConnection(ws as BoardSocket, id, { ...access, address, person })
      })
      return
    }
    cluster.route(id).then(
      (route) => {
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          const b = ws as BoardSocket
          if (route.local) this.onConnection(b, id, { ...access, address, person })
          else if (fromNode !== null) {
            // Forwarded here, but the board moved on: one hop only; the client reconnects.
            b.close(CLOSE.boardMoved.code, CLOSE.boardMoved.reason)
          } else this.onForwarded(b, route.url, req, address)
        })
      },
      (err: Error) => {
        // Coordination is unreachable: fail closed, and the client tries again.
        this.o.log.warn({ boardId: id, err: err.message }, 'board owner unknown')
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          ws.close(CLOSE.boardMoved.code, CLOSE.boardMoved.reason)
        })
      },
    )
  }

  /** A connection of a board another node owns: relayed to it. */
  private onForwarded(
    ws: BoardSocket,
    ownerUrl: string,
    req: IncomingMessage,
    address: string | null,
  ) {
    ws.on('pong', () => {
      ws.alive = true
    })
    const limits = this.o.limits
    forward(ws, {
      ownerUrl,
      req,
      headers: this.o.cluster!.forwardHeaders(address),
      metrics: this.o.metrics,
      maxBufferedBytes: limits.minSendQueueBytes * 4,
      maxEarlyBytes: limits.maxMessageBytes,
      ownerPingMs: this.o.cluster!.ownerPingMs,
    })
  }

  private onConnection(ws: BoardSocket, boardId: string, access: Access) {
    ws.pingSlot = this.pings.slotOf()
    ws.on('pong', () => {
      ws.alive = true
    })
    ws.on('error', (err) => this.o.log.debug({ boardId, err: err.message }, 'socket error'))
    const grace = this.o.limits.closeGraceMs
    const conn: Connection = {
      send: (data) => this.frames.send(ws, data),
      close: (code, reason) => {
        ws.close(code, reason)
        // `ws` waits 30 s for the peer's closing frame; a peer that never sends it goes sooner.
        setTimeout(() => ws.terminate(), grace).unref()
      },
      terminate: () => ws.terminate(),
      bufferedAmount: () => ws.bufferedAmount,
      cork: () => socketOf(ws)?.cork(),
      uncork: () => socketOf(ws)?.uncork(),
    }
    let joined: { room: Room; peer: Peer } | null = null
    let gone = false
    const early: Uint8Array[] = []
    let earlyBytes = 0
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      // A view of the message's own bytes, often inside the socket's read chunk, instead of an
      // ArrayBuffer copy per message. Every reader goes by the view's length; what the room
      // keeps (presence states, held updates) is copied. A Yjs binary value keeps a view of
      // its message, and so of that read (bounded by what the socket received).
      const bytes = messageBytes(data)
      if (joined) {
        joined.room.receive(joined.peer, bytes)
        return
      }
      earlyBytes += bytes.length
      if (early.length < MAX_EARLY_MESSAGES && earlyBytes <= this.o.limits.maxMessageBytes) {
        early.push(bytes.slice())
      } else {
        this.o.metrics.reject('rate-limited')
        conn.close(CLOSE.rateLimited.code, CLOSE.rateLimited.reason)
      }
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
        conn.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason)
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
