/**
 * Servers as child processes: the project's server (server/src/main.ts under the tsx loader)
 * and the reference y-websocket server (referenceServer.cjs under the same loader, so both pay
 * the same loader cost). The child is `node` itself, so its pid is the server's for /proc.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CreatedSession, CreatedSessionAnswer } from '@sensemaking/shared'
import { TIMEOUT } from './config'
import { freePort, rssMb, waitFor } from './proc'

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const PROJECT_ENTRY = join(REPO_ROOT, 'server', 'src', 'main.ts')
/** The project's server as one esbuild bundle (`npm run build -w server`), run by plain node. */
export const PROJECT_BUNDLE = join(REPO_ROOT, 'server', 'dist', 'main.mjs')
const REFERENCE_ENTRY = join(REPO_ROOT, 'test', 'bench', 'referenceServer.cjs')

export type ServerKind = 'project' | 'reference'

/** Build the project's server bundle (`npm run build -w server`); throws a one-line error. */
export function buildBundle(): void {
  const b = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: REPO_ROOT, encoding: 'utf8' })
  if (b.status !== 0)
    throw new Error(`npm run build -w server failed: ${b.stderr.trim().split('\n').pop()}`)
}

export interface ChildOptions {
  kind: ServerKind
  /** Fixed port (kept across restarts so clients reconnect); a free one when left out. */
  port?: number
  /** Project server only: its DATA_DIR. */
  dataDir?: string
  adminToken?: string
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[]
  env?: Record<string, string>
  /**
   * 'tsx' (default): the sources under the tsx loader, as `npm start` runs the project (the
   * reference gets the same loader). 'bundle': the project's bundle and the reference under
   * plain node.
   */
  runtime?: 'tsx' | 'bundle'
  /** Project server under 'bundle': another build of it (diagnostics: A/B of two builds). */
  bundle?: string
  /** How often /healthz is polled while the server starts (default 20 ms). */
  healthPollMs?: number
}

/** A running server child. `output()` holds the tail of its stdout and stderr. */
export interface ChildServer {
  kind: ServerKind
  pid: number
  port: number
  /** http://127.0.0.1:port */
  url: string
  /** ws://127.0.0.1:port/sync — the serverUrl of a WebsocketProvider. */
  syncUrl: string
  adminToken: string
  /** The project server's DATA_DIR. */
  dataDirPath?: string
  runtime: 'tsx' | 'bundle'
  child: ChildProcess
  /** RSS right after the server answered its first health check (its idle baseline), MB. */
  startRssMb: number
  exited: Promise<number | null>
  output(): string
  /** SIGTERM, then SIGKILL if it does not exit within `graceMs`. */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>
}

const OUTPUT_TAIL = 8000

/** Start a server child and wait until GET /healthz answers. */
export async function startChild(o: ChildOptions): Promise<ChildServer> {
  const port = o.port ?? (await freePort())
  const adminToken = o.adminToken ?? randomBytes(24).toString('hex')
  const bundled = o.runtime === 'bundle'
  const entry =
    o.kind === 'project'
      ? bundled
        ? (o.bundle ?? PROJECT_BUNDLE)
        : PROJECT_ENTRY
      : REFERENCE_ENTRY
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // No demo session: only the boards under test live in the data dir.
    ...(o.kind === 'project'
      ? { DATA_DIR: o.dataDir ?? '', ADMIN_TOKEN: adminToken, DEMO: '0' }
      : {}),
    ...o.env,
  }
  if (o.kind === 'project' && !o.dataDir) throw new Error('the project server needs a dataDir')
  const loader = bundled ? [] : ['--import', 'tsx']
  const startFlags = o.kind === 'project' && bundled ? serveNodeFlags() : []
  const child = spawn(process.execPath, [...startFlags, ...(o.nodeArgs ?? []), ...loader, entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-OUTPUT_TAIL)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  // Diagnostics: BENCH_CHILD_LOG=FILE appends the child's whole output, each chunk timed.
  const logFile = process.env.BENCH_CHILD_LOG
  if (logFile) {
    const tee = (b: Buffer) => appendFileSync(logFile, `@${Date.now()}\n${b.toString()}`)
    child.stdout?.on('data', tee)
    child.stderr?.on('data', tee)
  }
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : 0)
      resolve(exitCode)
    })
  })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor(
      `${o.kind} server on ${url}`,
      async () => {
        if (exitCode !== undefined) throw new Error(`${o.kind} server exited early:\n${out}`)
        try {
          const r = await fetch(`${url}/healthz`)
          return r.ok
        } catch {
          return false
        }
      },
      TIMEOUT.serverStartMs,
      o.healthPollMs ?? 20,
    )
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  const stop = async (graceMs = 10_000) => {
    if (exitCode !== undefined) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  const kill = async () => {
    if (exitCode !== undefined) return
    child.kill('SIGKILL')
    await exited
  }
  return {
    kind: o.kind,
    pid: child.pid!,
    port,
    url,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    adminToken,
    dataDirPath: o.dataDir,
    runtime: o.runtime ?? 'tsx',
    child,
    startRssMb: rssMb(child.pid!),
    exited,
    output: () => out,
    stop,
    kill,
  }
}

/** A board as the load sees it: its id and a token with write access (empty for the reference). */
export interface BoardAccess {
  id: string
  token: string
  /** A facilitator token (harvest, doc download); empty for the reference. */
  facilitatorToken: string
}

/**
 * Boards to load: on the project server one session with `count` boards (POST /api/sessions
 * with the admin token); the reference server makes a room for any name, so fresh ids do.
 */
/**
 * Boards in sessions of `perSession` (the last may be smaller), with each session's id and
 * facilitator token (the dashboard's), on the project server.
 */
export async function createSessions(
  s: ChildServer,
  count: number,
  perSession: number,
): Promise<{ boards: BoardAccess[]; sessions: { id: string; token: string }[] }> {
  const boards: BoardAccess[] = []
  const sessions: { id: string; token: string }[] = []
  for (let made = 0; made < count; made += perSession) {
    const body = await postSession(s, Math.min(perSession, count - made))
    sessions.push({ id: body.id, token: body.links.facilitator.token })
    boards.push(...accessOf(body))
  }
  return { boards, sessions }
}

async function postSession(s: ChildServer, boards: number): Promise<CreatedSession> {
  const r = await fetch(`${s.url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Benchmark session', boards }),
  })
  if (r.status !== 201) throw new Error(`POST /api/sessions: ${r.status} ${await r.text()}`)
  return CreatedSessionAnswer.parse(await r.json())
}

const accessOf = (body: CreatedSession): BoardAccess[] =>
  body.boards.map((b) => ({
    id: b.id,
    token: b.links.participant.token,
    facilitatorToken: b.links.facilitator.token,
  }))

export async function createBoards(s: ChildServer, count: number): Promise<BoardAccess[]> {
  if (s.kind === 'reference') {
    const tag = randomBytes(4).toString('hex')
    return Array.from({ length: count }, (_, i) => ({
      id: `ref-${tag}-${i}`,
      token: '',
      facilitatorToken: '',
    }))
  }
  return accessOf(await postSession(s, count))
}

/**
 * The node flags of a package script that runs `node <flags> <entry>`, or null when the script
 * does not run node. `pkgPath` is relative to the repository root.
 */
export function scriptNodeFlags(pkgPath: string, script: string): string[] | null {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, pkgPath), 'utf8')) as {
    scripts: Record<string, string>
  }
  const words = pkg.scripts[script]?.trim().split(/\s+/) ?? []
  if (words[0] !== 'node') return null
  return words.slice(1).filter((w) => w.startsWith('--'))
}

/**
 * The node flags of the root `serve` script (`node <flags> server/dist/main.mjs`), so the
 * bundled project server runs here exactly as `npm start` runs it.
 */
export function serveNodeFlags(): string[] {
  return scriptNodeFlags('package.json', 'serve') ?? []
}
