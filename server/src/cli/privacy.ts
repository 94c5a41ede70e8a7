/**
 * The privacy command line (docs/privacy-cli.md), on the server's data dir:
 *
 *   npm run privacy -- expiring [--within DAYS]      sessions whose boards will be erased
 *   npm run privacy -- erase --board ID --note ID… | --author ID | --all
 *   npm run privacy -- erase --session ID --author ID | --all
 *
 * `expiring` reads beside a running server. `erase` works offline, as the HTTP API does online
 * [F13]: it refuses to run while a server serves the data dir. Failures print one line and exit
 * with a code of exitCodes.ts, never a stack trace.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ErasureSelector } from '@sensemaking/shared'
import pino from 'pino'
import type * as Y from 'yjs'
import {
  ErasureRefused,
  type ErasureWithCopies,
  eraseStored,
  eraseWithCopies,
} from '../privacy/erase'
import {
  DAY_MS,
  DEFAULT_RETENTION,
  expiringSessions,
  MAX_RETENTION_DAYS,
} from '../privacy/retention'
import { serverOn } from '../privacy/serverLock'
import { readStoredDoc } from '../rooms/loadDoc'
import { DB_FILE, openSqliteStorage } from '../storage/sqliteStorage'
import type { BoardStorage } from '../storage/types'
import { CliError, EXIT, type ExitCode, oneLine } from './exitCodes'
import { type PrivacyCommand, parsePrivacyArgs } from './privacyArgs'

export interface PrivacyIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env?: { DATA_DIR?: string; RETENTION_DAYS?: string }
  now?: () => number
}

function open(dataDir: string, readonly: boolean): BoardStorage {
  if (!existsSync(join(dataDir, DB_FILE))) {
    throw new CliError(
      EXIT.unreadable,
      `cannot read ${dataDir}: no board database in it (set DATA_DIR or --data-dir)`,
    )
  }
  try {
    return openSqliteStorage(dataDir, { readonly })
  } catch (e) {
    throw new CliError(EXIT.unreadable, `cannot open ${join(dataDir, DB_FILE)}: ${oneLine(e)}`)
  }
}

function retentionDays(env: PrivacyIo['env']): number {
  const raw = env?.RETENTION_DAYS?.trim()
  if (!raw) return DEFAULT_RETENTION.days
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > MAX_RETENTION_DAYS) {
    throw new CliError(EXIT.usage, `RETENTION_DAYS must be a whole number of days, not "${raw}"`)
  }
  return n
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

function listExpiring(cmd: Extract<PrivacyCommand, { kind: 'expiring' }>, io: PrivacyIo) {
  const now = (io.now ?? Date.now)()
  const storage = open(cmd.dataDir, true)
  try {
    const due = expiringSessions(
      storage,
      { days: retentionDays(io.env) },
      now,
      cmd.withinDays * DAY_MS,
    )
    if (due.length === 0) {
      io.stdout(`No session expires within ${cmd.withinDays} days.\n`)
      return
    }
    io.stdout('expires (UTC)     session        boards  title\n')
    for (const e of due) {
      const when = e.expiresAt <= now ? `${day(e.expiresAt)} (due)` : day(e.expiresAt)
      const title = e.session.title.replace(/\s+/g, ' ')
      io.stdout(
        `${when.padEnd(17)} ${e.session.id.padEnd(14)} ${String(e.boards).padStart(6)}  ${title}\n`,
      )
    }
  } finally {
    storage.close()
  }
}

async function erase(cmd: Extract<PrivacyCommand, { kind: 'erase' }>, io: PrivacyIo) {
  const pid = serverOn(cmd.dataDir)
  if (pid !== null) {
    throw new CliError(
      EXIT.serverRunning,
      `a server (process ${pid}) serves ${cmd.dataDir}: erase through its HTTP API (POST /api/boards/:id/erase), or stop it first`,
    )
  }
  const storage = open(cmd.dataDir, false)
  try {
    const boards =
      cmd.scope === 'board'
        ? [storage.getBoard(cmd.id)]
        : storage.getSession(cmd.id)
          ? storage.listBoards(cmd.id)
          : [null]
    if (boards.some((b) => b === null)) {
      throw new CliError(EXIT.notFound, `no ${cmd.scope} "${cmd.id}" in ${cmd.dataDir}`)
    }
    const deps = { storage, log: pino({ level: 'silent' }), now: io.now ?? Date.now }
    const read = <T>(id: string, f: (doc: Y.Doc) => T): T => {
      const { doc } = readStoredDoc(storage, id)
      try {
        return f(doc)
      } finally {
        doc.destroy()
      }
    }
    const one = (boardId: string, sel: ErasureSelector) =>
      eraseStored(deps, boardId, sel, { by: 'command-line' })
    for (const b of boards) {
      const id = b!.id
      let r: ErasureWithCopies
      try {
        // A session's boards are all erased alike: copies among them need no search.
        r =
          cmd.scope === 'board'
            ? await eraseWithCopies(storage, id, cmd.selector, one, read)
            : { ...one(id, cmd.selector), copies: 0 }
      } catch (e) {
        if (e instanceof ErasureRefused) {
          throw new CliError(EXIT.cannotErase, `board ${id}: ${e.message}`)
        }
        throw e
      }
      const c = r.counts
      const copies = r.copies > 0 ? `, and ${r.copies} copies on other boards` : ''
      io.stdout(
        r.erased
          ? `board ${id}: erased ${c.notes} notes, ${c.themes} themes, ${c.dots} dots (epoch ${r.epoch})${copies}\n`
          : `board ${id}: nothing to erase\n`,
      )
    }
    if (!storage.scrub()) {
      io.stderr(
        'privacy: warning: a reader holds the database open; its WAL is cleared when it closes\n',
      )
    }
  } finally {
    storage.close()
  }
}

/** Run the command with `argv` (the arguments after the script); returns the exit code. */
export async function runPrivacy(argv: readonly string[], io: PrivacyIo): Promise<ExitCode> {
  try {
    const cmd = parsePrivacyArgs(argv, io.env)
    if (cmd.kind === 'expiring') listExpiring(cmd, io)
    else await erase(cmd, io)
    return EXIT.ok
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`privacy: ${e.message}\n`)
      return e.exitCode
    }
    io.stderr(`privacy: unexpected failure: ${oneLine(e)}\n`)
    return EXIT.internal
  }
}

/** Run only as a program, so tests can import `runPrivacy`. */
const isMain =
  process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url

if (isMain) {
  process.on('uncaughtException', (e) => {
    process.stderr.write(`privacy: unexpected failure: ${oneLine(e)}\n`)
    process.exit(EXIT.internal)
  })
  process.exitCode = await runPrivacy(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  })
}
