/** Helpers of the fault suite: the project's server as a child process, clients, figures. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { notesMap } from '@sensemaking/shared'
import { BoardClient } from '../bench/boardClient'
import { type BoardAccess, type ChildServer, createBoards, startChild } from '../bench/childServer'
import { freePort, waitFor } from '../bench/proc'
import { metricsText } from '../bench/serverMetrics'

export { type BoardAccess, BoardClient, type ChildServer, createBoards, waitFor }

/** A seed from FAULT_SEED, or a fresh one; printed so a failure can be replayed. */
export function faultSeed(name: string): number {
  const fromEnv = process.env.FAULT_SEED
  const seed = fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31)
  console.log(`[${name}] seed ${seed} (replay with FAULT_SEED=${seed})`)
  return seed
}

/**
 * The project's server on a fixed data dir and port, restartable: `restart()` starts a new
 * process on the same dir and port (clients reconnect to the same URL).
 */
export class ServerUnderTest {
  server!: ChildServer
  readonly dataDir = mkdtempSync(join(tmpdir(), 'faults-data-'))
  private port = 0
  private readonly adminToken = `admin-${Math.random().toString(36).slice(2)}${Date.now()}`

  /** `env`: more of the server's environment (say TRUST_PROXY). */
  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<ChildServer> {
    if (this.port === 0) this.port = await freePort()
    this.server = await startChild({
      kind: 'project',
      dataDir: this.dataDir,
      port: this.port,
      adminToken: this.adminToken,
      env: this.env,
    })
    return this.server
  }

  /** Stop the server cleanly (SIGTERM) and start it again on the same data dir and port. */
  async restart(): Promise<ChildServer> {
    await this.server.stop()
    return this.start()
  }

  async killAndRestart(): Promise<ChildServer> {
    await this.server.kill()
    return this.start()
  }

  get syncUrl() {
    return this.server.syncUrl
  }

  get url() {
    return this.server.url
  }

  /** Stop the server and remove its data dir. */
  async dispose(): Promise<void> {
    await this.server?.stop()
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}

/** A client of `board` with a write token; with `person`, that person's credential [F14.2]. */
export const clientOf = (
  s: { syncUrl: string },
  board: BoardAccess,
  name: string,
  observe = false,
  person?: string,
) =>
  new BoardClient({
    syncUrl: s.syncUrl,
    board: board.id,
    token: board.token,
    name,
    observe,
    ...(person ? { person } : {}),
  })

/** A person the server signs [F14.1]: who they are, and their credential. */
export interface SignedPerson {
  id: string
  name: string
  city: string
  credential: string
}

/** Ask the server to sign a person [F14.1]. */
export async function signIn(s: { url: string }, name: string): Promise<SignedPerson> {
  const res = await fetch(`${s.url}/api/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, city: 'Faults' }),
  })
  if (res.status !== 200) throw new Error(`POST /api/people answered ${res.status}`)
  return (await res.json()) as SignedPerson
}

/** Note ids of a client's document. */
export const noteIds = (c: BoardClient) => new Set(notesMap(c.doc).keys())

/** Load a board from the server as a fresh client sees it; returns its note ids. */
export async function loadNoteIds(
  s: { syncUrl: string },
  board: BoardAccess,
  timeoutMs = 30_000,
): Promise<Set<string>> {
  const c = clientOf(s, board, 'loader')
  try {
    await c.whenSynced(timeoutMs)
    return noteIds(c)
  } finally {
    c.destroy()
  }
}

/** GET /metrics and keep the lines whose metric name matches `pattern`. */
export async function metricLines(
  s: { url: string; adminToken: string },
  pattern: RegExp,
): Promise<string[]> {
  const text = await metricsText(s)
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#') && pattern.test(l.split(/[{ ]/)[0] ?? ''))
}

/** GET /healthz; true when the server answers 200. */
export async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/healthz`)
    return r.ok
  } catch {
    return false
  }
}
