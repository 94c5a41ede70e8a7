/**
 * The real server for end-to-end tests: in this process, on 127.0.0.1 port 0, with a temp
 * data dir and the built client (client/dist). Sessions are created through the HTTP API.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CreatedSession, CreatedSessionAnswer, type CreateSession } from '@sensemaking/shared'
import pino from 'pino'
import { type ServerOptions, startServer } from '../../../server/src/index'
import type { RejectReason } from '../../../server/src/metrics'

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const CLIENT_DIST = join(REPO_ROOT, 'client', 'dist')

export type { CreatedSession }

export interface TestServer {
  url: string
  port: number
  adminToken: string
  dataDir: string
  createSession(body: CreateSession): Promise<CreatedSession>
  /** GET a JSON API path with a token. */
  getJson<T>(path: string, token: string): Promise<T>
  /** POST a JSON body with a token. */
  postJson<T>(path: string, token: string, body: unknown): Promise<T>
  /** Messages the server refused for `reason` so far (its metrics' count). */
  rejected(reason: RejectReason): number
  /** Websocket messages the server read so far (`board_messages_in_total`). */
  messagesIn(): number
  /** Stop the server; the data dir is removed unless `keepData` (for a restart). */
  close(opts?: { keepData?: boolean }): Promise<void>
}

export async function startTestServer(
  opts: {
    port?: number
    dataDir?: string
    limits?: ServerOptions['limits']
    notice?: ServerOptions['notice']
    /** Another build of the client (a benchmark comparing two); client/dist by default. */
    clientDir?: string
  } = {},
): Promise<TestServer> {
  const clientDir = opts.clientDir ?? CLIENT_DIST
  if (!existsSync(join(clientDir, 'index.html'))) {
    throw new Error(`${clientDir} is missing: run \`npm run build\` before the e2e tests`)
  }
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'e2e-data-'))
  const ownsDir = opts.dataDir === undefined
  const adminToken = `admin-${Math.random().toString(36).slice(2)}-${Date.now()}`
  const server = await startServer({
    port: opts.port ?? 0,
    host: '127.0.0.1',
    dataDir,
    adminToken,
    clientDir,
    limits: opts.limits,
    notice: opts.notice,
    // Tests run quiet.
    logger: pino({ level: 'silent' }),
  })
  const url = server.url

  async function call<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(url + path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    })
    if (!res.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  return {
    url,
    port: server.port,
    adminToken,
    dataDir,
    createSession: async (body) =>
      CreatedSessionAnswer.parse(
        await call('/api/sessions', adminToken, { method: 'POST', body: JSON.stringify(body) }),
      ),
    getJson: (path, token) => call(path, token),
    postJson: (path, token, body) =>
      call(path, token, { method: 'POST', body: JSON.stringify(body) }),
    rejected: (reason) => server.metrics.rejected.get(reason) ?? 0,
    messagesIn: () => server.metrics.messagesIn,
    async close({ keepData = false } = {}) {
      await server.close()
      if (ownsDir && !keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
