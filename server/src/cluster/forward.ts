/**
 * A connection to a board owned by another node, forwarded there: one WebSocket to the owner
 * per client, frames relayed both ways untouched, the owner's close code passed on. The owner
 * checks, applies and coalesces as for its own clients; this node only relays. A client whose
 * way to the owner fails (the owner died, never answered, or stopped answering pings: a paused
 * process keeps its sockets open) is closed with `boardMoved` and reconnects to whoever owns the
 * board then.
 */
import type { IncomingMessage } from 'node:http'
import { CLOSE } from '@sensemaking/shared'
import { WebSocket } from 'ws'
import type { ServerMetrics } from '../metrics'

export interface ForwardOptions {
  /** The owner's base URL (http://host:port). */
  ownerUrl: string
  /** The client's upgrade request (its path, query and offered protocols go on as they are). */
  req: IncomingMessage
  headers: Record<string, string>
  metrics: ServerMetrics
  /** Unsent bytes towards the client before it is dropped (a client that does not read). */
  maxBufferedBytes: number
  /** Bytes a client may send before the owner's socket is open. */
  maxEarlyBytes: number
  /**
   * How often the owner is pinged: one that has not answered the previous ping (paused, or
   * gone without closing its socket) is given up and the client reconnects.
   */
  ownerPingMs: number
}

/** Close codes a server may send on (1005, 1006 and 1015 are never sent in a close frame). */
const sendable = (code: number) =>
  (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
  (code >= 3000 && code <= 4999)

export function forward(client: WebSocket, o: ForwardOptions): void {
  const target = new URL(o.req.url ?? '/', o.ownerUrl.replace(/^http/, 'ws'))
  const offered = o.req.headers['sec-websocket-protocol']
  const protocols = offered ? offered.split(',').map((p) => p.trim()) : undefined
  const owner = new WebSocket(target, protocols, {
    headers: o.headers,
    perMessageDeflate: false,
    handshakeTimeout: 5000,
  })
  const early: Buffer[] = []
  let earlyBytes = 0
  let done = false
  let answered = true
  const ping = setInterval(() => {
    if (owner.readyState !== WebSocket.OPEN) return
    if (!answered) {
      finish(CLOSE.boardMoved.code, CLOSE.boardMoved.reason)
      return
    }
    answered = false
    owner.ping()
  }, o.ownerPingMs)
  ping.unref()
  const finish = (code: number, reason: string) => {
    if (done) return
    done = true
    clearInterval(ping)
    if (client.readyState === WebSocket.OPEN) client.close(code, reason)
    if (owner.readyState === WebSocket.OPEN) owner.close(1000)
    else owner.terminate()
  }
  client.on('message', (data: Buffer, isBinary: boolean) => {
    if (owner.readyState === WebSocket.OPEN) {
      owner.send(data, { binary: isBinary })
      o.metrics.forwardedFrames++
      return
    }
    earlyBytes += data.length
    if (earlyBytes > o.maxEarlyBytes) finish(CLOSE.rateLimited.code, CLOSE.rateLimited.reason)
    else early.push(Buffer.from(data))
  })
  client.on('close', () => finish(1000, ''))
  client.on('error', () => finish(CLOSE.boardMoved.code, CLOSE.boardMoved.reason))
  owner.on('pong', () => {
    answered = true
  })
  owner.on('open', () => {
    for (const d of early.splice(0)) owner.send(d, { binary: true })
  })
  owner.on('message', (data: Buffer, isBinary: boolean) => {
    if (client.readyState !== WebSocket.OPEN) return
    if (client.bufferedAmount + data.length > o.maxBufferedBytes) {
      client.terminate()
      finish(1000, '')
      return
    }
    client.send(data, { binary: isBinary })
    o.metrics.forwardedFrames++
  })
  owner.on('close', (code: number, reason: Buffer) => {
    // The owner's own verdict goes to the client as it was; a lost owner means "reconnect".
    if (sendable(code) && code !== 1000 && code !== 1001) finish(code, reason.toString())
    else finish(CLOSE.boardMoved.code, CLOSE.boardMoved.reason)
  })
  owner.on('error', () => finish(CLOSE.boardMoved.code, CLOSE.boardMoved.reason))
}
