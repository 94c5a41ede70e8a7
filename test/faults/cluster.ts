/**
 * Helpers of the fault suite for several nodes: server processes on one PostgreSQL and one
 * Redis (both real, started by `server/src/testing/services`), a load balancer in front of
 * them, and a reader of what PostgreSQL holds for a board.
 *
 * The balancer is a TCP proxy as an operator would put in front (no sticky sessions): each new
 * connection goes to the next node that answers its health probe; a node that stops answering
 * (killed, or paused) is taken out and the connections it had are cut, as HAProxy does with
 * `on-marked-down shutdown-sessions`, so clients reconnect to a node that answers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { notesMap } from '@sensemaking/shared'
import * as Y from 'yjs'
import { PgStorage } from '../../server/src/storage/pg/pgStorage'
import { type ChildServer, startChild } from '../bench/childServer'
import { freePort, waitFor } from '../bench/proc'

export {
  servicesMissing,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../../server/src/testing/services'

/** A server node of a cluster: a child process on its own port, PostgreSQL and Redis shared. */
export class Node {
  server!: ChildServer
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'faults-node-'))

  constructor(
    /** Without `redisUrl`: one node on PostgreSQL (no leases, nothing forwarded). */
    private readonly env: { databaseUrl: string; redisUrl?: string; leaseMs: number },
    private readonly adminToken: string,
    /** 'bundle': the server's esbuild bundle under plain node, as `npm start` runs it. */
    private readonly runtime: 'tsx' | 'bundle' = 'tsx',
  ) {}

  async start(): Promise<ChildServer> {
    this.server = await startChild({
      kind: 'project',
      dataDir: this.dataDir,
      adminToken: this.adminToken,
      runtime: this.runtime,
      env: {
        DATABASE_URL: this.env.databaseUrl,
        ...(this.env.redisUrl ? { REDIS_URL: this.env.redisUrl } : {}),
        LEASE_MS: String(this.env.leaseMs),
      },
    })
    return this.server
  }

  get url() {
    return this.server.url
  }

  get syncUrl() {
    return this.server.syncUrl
  }

  /** Boards this node owns now (its /healthz says), or null when it does not answer. */
  async owned(timeoutMs = 5000): Promise<number | null> {
    try {
      const r = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
      const body = (await r.json()) as { boardsOwned?: number }
      return body.boardsOwned ?? null
    } catch {
      return null
    }
  }

  /** A counter of this node's /metrics (0 when absent). */
  async metric(name: string): Promise<number> {
    const r = await fetch(`${this.url}/metrics`, {
      headers: { authorization: `Bearer ${this.adminToken}` },
    })
    const line = (await r.text()).split('\n').find((l) => l.split(/[{ ]/)[0] === name)
    return line ? Number(line.split(' ').pop()) : 0
  }

  signal(sig: 'SIGSTOP' | 'SIGCONT') {
    process.kill(this.server.pid, sig)
  }

  async dispose(): Promise<void> {
    try {
      process.kill(this.server.pid, 'SIGCONT')
    } catch {
      // Already gone.
    }
    await this.server?.stop(5000)
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}

/** The node of `nodes` that owns the board (the one whose /healthz counts one), once one does. */
export async function ownerOf(nodes: Node[], timeoutMs = 30_000): Promise<Node> {
  let owner: Node | null = null
  await waitFor(
    'a node to own the board',
    async () => {
      const owned = await Promise.all(nodes.map((n) => n.owned()))
      const i = owned.findIndex((o) => (o ?? 0) > 0)
      owner = i < 0 ? null : nodes[i]!
      return owner !== null
    },
    timeoutMs,
  )
  return owner!
}

export interface Balancer {
  url: string
  syncUrl: string
  /** Whether each node is taken as alive now. */
  alive(): boolean[]
  close(): Promise<void>
}

/** How often the balancer asks each node, and how long it waits for an answer. */
const PROBE_EVERY_MS = 200
const PROBE_TIMEOUT_MS = 2000

/** A TCP load balancer in front of `nodes` (round robin over the nodes that answer). */
export async function startBalancer(nodes: Node[]): Promise<Balancer> {
  const alive = nodes.map(() => true)
  const open = nodes.map(() => new Set<Socket>())
  let turn = 0
  const server = createServer((client) => {
    const up = nodes.map((_, i) => i).filter((i) => alive[i])
    if (up.length === 0) {
      client.destroy()
      return
    }
    const i = up[turn++ % up.length]!
    const node = connect(nodes[i]!.server.port, '127.0.0.1')
    open[i]!.add(client)
    const end = () => {
      open[i]!.delete(client)
      client.destroy()
      node.destroy()
    }
    client.on('error', end).on('close', end)
    node.on('error', end).on('close', end)
    client.pipe(node)
    node.pipe(client)
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  let stopped = false
  const probe = async (i: number) => {
    // Any answer is a live node: one that says 503 (Redis away) still refuses cleanly.
    const ok = await fetch(`${nodes[i]!.url}/healthz`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    }).then(
      () => true,
      () => false,
    )
    if (stopped) return
    if (!ok && alive[i]) for (const s of open[i]!) s.destroy()
    alive[i] = ok
  }
  const loop = async () => {
    while (!stopped) {
      await Promise.all(nodes.map((_, i) => probe(i)))
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS))
    }
  }
  const running = loop()
  return {
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    alive: () => [...alive],
    async close() {
      stopped = true
      await running
      for (const set of open) for (const s of set) s.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}

/**
 * The note ids PostgreSQL holds for a board, read as a node reading it cold would (the
 * snapshot, then every row after it), without taking the board from its owner.
 */
export function storedNoteIds(databaseUrl: string, boardId: string): Set<string> {
  const pg = new PgStorage({ url: databaseUrl })
  try {
    const loaded = pg.loadBoard(boardId)
    const doc = new Y.Doc()
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot.data)
    for (const u of loaded.updates) Y.applyUpdate(doc, u.data)
    return new Set(notesMap(doc).keys())
  } finally {
    pg.close()
  }
}
