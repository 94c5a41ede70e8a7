/**
 * The board server from the command line (`npm start`, or `tsx server/src/main.ts`), configured
 * by environment: PORT (1234), HOST (127.0.0.1), DATA_DIR (./data), PUBLIC_URL, ADMIN_TOKEN,
 * TLDRAW_LICENSE_KEY, LOG_LEVEL (info), DEMO (1: make the demo session on a first start),
 * RETENTION_DAYS (30), RETENTION_WARN_DAYS (7), PRIVACY_NOTICE and PRIVACY_NOTICE_FILE (the
 * operator's own notice), LOG_IP (0), TRUST_PROXY (1: behind a reverse proxy, a client's address
 * is the last X-Forwarded-For hop).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ADMIN_TOKEN_FILE } from './auth/secrets'
import { createLogger } from './logger'
import { MAX_RETENTION_DAYS } from './privacy/retention'
import { startServer } from './server'

function fail(message: string): never {
  console.error(`board server: ${message}`)
  process.exit(1)
}

async function main() {
  const env = process.env
  const port = Number(env.PORT ?? 1234)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`PORT must be a port number, not "${env.PORT}"`)
  const publicUrl = env.PUBLIC_URL?.trim() || undefined
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl))
    fail('PUBLIC_URL must start with http:// or https://')
  const log = createLogger(env.LOG_LEVEL ?? 'info')
  const tldrawLicenseKey = env.TLDRAW_LICENSE_KEY?.trim() || undefined
  if (publicUrl?.startsWith('https://') && !tldrawLicenseKey) {
    log.warn(
      'PUBLIC_URL is https but TLDRAW_LICENSE_KEY is not set: tldraw needs a licence key in production (see https://tldraw.dev)',
    )
  }
  const days = (name: string, fallback: number, min: number) => {
    const raw = env[name]?.trim()
    if (!raw) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > MAX_RETENTION_DAYS)
      fail(
        `${name} must be a whole number of days from ${min} to ${MAX_RETENTION_DAYS}, not "${raw}"`,
      )
    return n
  }
  const retention = {
    days: days('RETENTION_DAYS', 30, 1),
    warnDays: days('RETENTION_WARN_DAYS', 7, 0),
  }
  let noticeFull: string | undefined
  if (env.PRIVACY_NOTICE_FILE?.trim()) {
    try {
      noticeFull = readFileSync(env.PRIVACY_NOTICE_FILE.trim(), 'utf8')
    } catch (e) {
      fail(`PRIVACY_NOTICE_FILE cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`)
    }
  }
  const notice = { short: env.PRIVACY_NOTICE?.trim() || undefined, full: noticeFull }
  const dataDir = resolve(env.DATA_DIR ?? './data')
  const server = await startServer({
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    publicUrl,
    adminToken: env.ADMIN_TOKEN?.trim() || undefined,
    logger: log,
    tldrawLicenseKey,
    demo: env.DEMO !== '0',
    retention,
    notice,
    logIp: env.LOG_IP === '1',
    trustProxy: env.TRUST_PROXY === '1',
  }).catch((e: Error) => fail(e.message))

  const base = publicUrl ?? server.url
  console.log(`Board server listening on ${server.url} (data in ${dataDir})`)
  if (publicUrl) console.log(`Links use ${publicUrl}`)
  // The token itself never goes to the output, which log collectors keep [G11].
  if (!env.ADMIN_TOKEN) {
    const made = server.adminTokenCreated ? 'made and kept' : 'kept'
    console.log(
      `Admin token ${made} in ${join(dataDir, ADMIN_TOKEN_FILE)} (readable by this user only)`,
    )
  }
  if (server.demo) {
    console.log(
      `Demo session "${server.demo.title}", facilitator link:\n  ${server.demo.links.facilitator.url}`,
    )
  }
  console.log(`Create a session at ${base}/new`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      (e: Error) => {
        log.error({ err: e.message }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((e: Error) => fail(e.message))
