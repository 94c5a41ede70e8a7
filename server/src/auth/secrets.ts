/**
 * Secrets kept in the data dir, made on first start: the server secret (tokens are derived from
 * it) and, unless ADMIN_TOKEN is given, the admin token. With PostgreSQL they are kept in the
 * database instead (`server_secrets`), so every node has the same. Files are written 0600, created
 * exclusively so two processes starting at once cannot overwrite each other's.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SECRET_FILE = 'server-secret'
export const ADMIN_TOKEN_FILE = 'admin-token'

/** Read a secret file, or create it with `make()`; `created` tells which. */
function readOrCreate(dataDir: string, file: string, make: () => string) {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, file)
  try {
    const value = make()
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(path, 0o600)
    return { value, created: true, path }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  const value = readFileSync(path, 'utf8').trim()
  if (value.length < 22)
    throw new Error(`${path} is too short to be a secret; delete it to make a new one`)
  return { value, created: false, path }
}

/** A new server secret (256 bits). */
export const newServerSecret = (): string => randomBytes(32).toString('base64url')

/** A new admin token (192 bits). */
export const newAdminToken = (): string => randomBytes(24).toString('base64url')

/** The server secret. */
export function loadServerSecret(dataDir: string): Buffer {
  return Buffer.from(readOrCreate(dataDir, SECRET_FILE, newServerSecret).value)
}

/** The admin token from the data dir, made on first use. */
export function loadAdminToken(dataDir: string): { token: string; created: boolean; path: string } {
  const r = readOrCreate(dataDir, ADMIN_TOKEN_FILE, newAdminToken)
  return { token: r.value, created: r.created, path: r.path }
}
