/**
 * A real server on 127.0.0.1 port 0 with a temp data dir, real y-websocket clients, and raw
 * sockets, all torn down by `close()`. For tests of the server and of anything that talks to it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type CreatedSession,
  CreatedSessionAnswer,
  PersonAnswer,
  type PersonAnswerBody,
  personProtocol,
  syncProtocols,
} from '@sensemaking/shared'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type RunningServer, type ServerOptions, startServer } from '../server'
import { silentLogger } from './logger'
import { waitFor } from './waitFor'

export interface RawSocket {
  ws: WebSocket
  /** Every binary frame received, in order. */
  frames: Uint8Array[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
  /** The HTTP status that refused the upgrade, or null once the socket opened. */
  upgrade: Promise<number | null>
  send(data: Uint8Array): void
}

/** How a raw socket hands over its token: the board client's subprotocol, or `?token=`. */
export type TokenVia = 'query' | 'protocol'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>
  /** Resolves with the close event when the server closes the socket with a 44xx code. */
  closedForGood: Promise<{ code: number; reason: string }>
}

export interface TestServer {
  server: RunningServer
  dataDir: string
  url: string
  /** ws://127.0.0.1:port/sync */
  syncUrl: string
  createSession(body?: {
    title?: string
    boards?: string[] | number
    template?: string
    plenary?: boolean
  }): Promise<CreatedSession>
  /** A person the server signed [F14.1]: id, name, city and the credential. */
  person(name?: string, city?: string): Promise<PersonAnswerBody>
  /**
   * A y-websocket 3.1 client as a browser would run it; with `person`, it presents that
   * person's credential (`?person=`, or a subprotocol beside the token's), else it is a person
   * of its own [F14.3].
   */
  client(boardId: string, token: string, person?: PersonAnswerBody, via?: TokenVia): TestClient
  raw(boardId: string, token: string, person?: PersonAnswerBody, via?: TokenVia): RawSocket
  /** Stop the server (clients stay) and start it again on the same data dir and port. */
  restart(): Promise<void>
  fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response>
  close(): Promise<void>
}

export async function newTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'board-server-'))
  const start = (port = 0) =>
    startServer({
      logger: silentLogger(),
      clientDir: join(dataDir, 'no-client'),
      ...opts,
      dataDir,
      port,
    })
  let server = await start()
  const clients: TestClient[] = []
  const raws: RawSocket[] = []
  const t: TestServer = {
    get server() {
      return server
    },
    dataDir,
    get url() {
      return server.url
    },
    get syncUrl() {
      return `ws://127.0.0.1:${server.port}/sync`
    },
    async createSession(body = {}) {
      const res = await t.fetch('/api/sessions', {
        method: 'POST',
        token: server.adminToken,
        body: JSON.stringify({ title: 'Test session', boards: 2, ...body }),
      })
      if (res.status !== 201)
        throw new Error(`POST /api/sessions answered ${res.status}: ${await res.text()}`)
      return CreatedSessionAnswer.parse(await res.json())
    },
    async person(name = 'Ana', city = 'Braga') {
      const res = await t.fetch('/api/people', {
        method: 'POST',
        body: JSON.stringify({ name, city }),
      })
      if (res.status !== 200) throw new Error(`POST /api/people answered ${res.status}`)
      return PersonAnswer.parse(await res.json())
    },
    client(boardId, token, person, via = 'query') {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(t.syncUrl, boardId, doc, {
        ...(via === 'query'
          ? { params: person ? { token, person: person.credential } : { token } }
          : { protocols: protocolsOf(token, person) }),
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 200,
      })
      const synced = new Promise<void>((resolve) => {
        if (provider.synced) resolve()
        else provider.once('sync', (s: boolean) => s && resolve())
      })
      const closedForGood = new Promise<{ code: number; reason: string }>((resolve) =>
        provider.on('closed', (e: { code: number; reason: string }) => resolve(e)),
      )
      const c = { doc, provider, synced, closedForGood }
      clients.push(c)
      return c
    },
    raw(boardId, token, person, via = 'query') {
      const base = `${t.syncUrl}/${encodeURIComponent(boardId)}`
      const query = new URLSearchParams(person ? { token, person: person.credential } : { token })
      const ws =
        via === 'query'
          ? new WebSocket(`${base}?${query}`)
          : new WebSocket(base, protocolsOf(token, person))
      ws.binaryType = 'arraybuffer'
      const frames: Uint8Array[] = []
      ws.on('message', (d: ArrayBuffer) => frames.push(new Uint8Array(d)))
      const upgrade = new Promise<number | null>((resolve) => {
        ws.once('open', () => resolve(null))
        ws.on('error', (e) => {
          const status = /Unexpected server response: (\d+)/.exec(e.message)?.[1]
          if (status) resolve(Number(status))
        })
        ws.once('close', () => resolve(null))
      })
      const r: RawSocket = {
        upgrade,
        ws,
        frames,
        opened: new Promise((resolve, reject) => {
          ws.once('open', () => resolve())
          ws.once('close', () => reject(new Error('closed before open')))
        }),
        closed: new Promise((resolve) =>
          ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
        ),
        send: (data) => ws.send(data),
      }
      r.opened.catch(() => {})
      raws.push(r)
      return r
    },
    async restart() {
      const port = server.port
      await server.close()
      server = await start(port)
    },
    fetch(path, init = {}) {
      const { token, ...rest } = init
      const headers = new Headers(rest.headers)
      if (token) headers.set('authorization', `Bearer ${token}`)
      if (rest.body) headers.set('content-type', 'application/json')
      return fetch(`${server.url}${path}`, { ...rest, headers })
    },
    async close() {
      for (const c of clients.splice(0)) {
        c.provider.destroy()
        c.doc.destroy()
      }
      for (const r of raws.splice(0)) r.ws.terminate()
      await server.close()
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return t
}

/** Wait until every doc reads the same under `read` (and `check` holds, when given). */
export async function converge<T>(docs: Y.Doc[], read: (d: Y.Doc) => T, check?: (v: T) => boolean) {
  await waitFor(
    () => {
      const vs = docs.map((d) => JSON.stringify(read(d)))
      return vs.every((v) => v === vs[0]) && (!check || check(read(docs[0]!)))
    },
    10_000,
    'replicas to converge',
  )
}

/** A note's attribution for `person`, as `createNote` takes it [F12.15]. */
export const signedBy = (person: PersonAnswerBody) => ({
  authorId: person.id,
  author: person.name,
  city: person.city,
})

/** The subprotocols the board's own client offers: the token's, and the person's when signed. */
const protocolsOf = (token: string, person?: PersonAnswerBody) =>
  person ? [...syncProtocols(token), personProtocol(person.credential)] : syncProtocols(token)
