/**
 * Real PostgreSQL and Redis for tests: each call starts its own server in a temporary folder on
 * a free loopback port and `stop()` removes it (also when the test process exits). PostgreSQL
 * runs as the `postgres` user when the tests run as root (initdb refuses root). Tests that need
 * them skip, saying why, only when the binaries are absent; CI installs them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from './waitFor'

/** The folder of PostgreSQL's server binaries (PG_BIN, else the newest under /usr/lib/postgresql). */
export function postgresBin(): string | null {
  const fromEnv = process.env.PG_BIN
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : null
}

/** The redis-server binary on PATH, or null. */
export function redisBin(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : null
}

/**
 * Why tests needing these services skip (null: installed), said once on the console. Under CI
 * (which installs them) a missing one is an error, not a skip.
 */
export function servicesMissing(need: { postgres?: boolean; redis?: boolean }): string | null {
  let why: string | null = null
  if (need.postgres && !postgresBin())
    why = 'PostgreSQL is not installed (initdb not found; set PG_BIN)'
  else if (need.redis && !redisBin()) why = 'redis-server is not installed'
  if (why && process.env.CI) throw new Error(`${why}: CI must install it (.ci/run)`)
  if (why) console.warn(`skipping: ${why}`)
  return why
}

/** A free TCP port on 127.0.0.1 (taken back at once; the service binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

const stops = new Set<() => void>()
process.once('exit', () => {
  for (const stop of stops) stop()
})

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Run a PostgreSQL binary as the `postgres` user when we are root. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
}

export interface TestPostgres {
  port: number
  /** The cluster's `postgres` database. */
  url: string
  /** A fresh, empty database's URL. */
  newDatabase(): string
  stop(): void
}

let databases = 0

/** Start a throwaway PostgreSQL cluster (no fsync: tests only). */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin()
  if (!bin) throw new Error('PostgreSQL is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'board-pg-'))
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const run = (name: string, args: string[]) => {
    const [cmd, argv] = pgCommand(join(bin, name), args)
    const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 })
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr || r.stdout || r.error}`)
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
  const port = await freePort()
  const stop = () => {
    stops.delete(stop)
    const [cmd, argv] = pgCommand(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'])
    spawnSync(cmd, argv, { timeout: 30_000 })
    rmSync(dir, { recursive: true, force: true })
  }
  stops.add(stop)
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', opts, 'start'])
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const psql = join(bin, 'psql')
  return {
    port,
    url,
    newDatabase() {
      const name = `t${process.pid}_${++databases}`
      execFileSync(
        psql,
        [
          '-q',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-c',
          `CREATE DATABASE ${name} STRATEGY = FILE_COPY`,
        ],
        { stdio: 'pipe' },
      )
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    stop,
  }
}

export interface TestRedis {
  port: number
  url: string
  /** Stop it (data is not saved); `start()` brings it up again on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Send the server a signal (SIGSTOP: it stops answering, connections stay open). */
  signal(sig: NodeJS.Signals): void
}

/** Start a throwaway redis-server (nothing saved to disk). */
export async function startRedis(): Promise<TestRedis> {
  const bin = redisBin()
  if (!bin) throw new Error('redis-server is not installed')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'board-redis-'))
  let child: ReturnType<typeof spawn> | null = null
  const up = () =>
    new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1')
      s.once('connect', () => {
        s.end()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
  const start = async () => {
    child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    )
    await waitFor(up, 20_000, 'redis-server to start')
  }
  const kill = () => {
    child?.kill('SIGKILL')
    child = null
  }
  const cleanup = () => {
    kill()
    rmSync(dir, { recursive: true, force: true })
  }
  stops.add(cleanup)
  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const c = child
      kill()
      if (c && c.exitCode === null) await new Promise((r) => c.once('exit', r))
    },
    start,
    signal(sig) {
      child?.kill(sig)
    },
  }
}
