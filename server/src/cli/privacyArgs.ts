/**
 * Arguments of `npm run privacy -- <command>` (docs/privacy-cli.md):
 *
 *   expiring [--within DAYS]
 *   erase --board ID (--note ID… | --author ID | --all)
 *   erase --session ID (--author ID | --all)
 *
 * each with [--data-dir DIR] (else DATA_DIR, else ./data).
 */
import { resolve } from 'node:path'
import type { ErasureSelector } from '@sensemaking/shared'
import { MAX_RETENTION_DAYS } from '../privacy/retention'
import { CliError, EXIT } from './exitCodes'

export const PRIVACY_USAGE =
  'usage: npm run privacy -- expiring [--within DAYS] | erase --board ID (--note ID... | --author ID | --all) | erase --session ID (--author ID | --all) [--data-dir DIR]'

export type PrivacyCommand =
  | { kind: 'expiring'; dataDir: string; withinDays: number }
  | {
      kind: 'erase'
      dataDir: string
      scope: 'board' | 'session'
      id: string
      selector: ErasureSelector
    }

const usage = (why: string) => new CliError(EXIT.usage, `${why}; ${PRIVACY_USAGE}`)

/** Parse the arguments after the script; throws a usage `CliError` on anything wrong. */
export function parsePrivacyArgs(
  argv: readonly string[],
  env: { DATA_DIR?: string } = {},
): PrivacyCommand {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h') throw usage('help')
  if (command !== 'expiring' && command !== 'erase') throw usage(`unknown command "${command}"`)
  const flags = new Map<string, string[]>()
  const bare = new Set(['--all'])
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (!arg.startsWith('--')) throw usage(`unexpected "${arg}"`)
    const [flag, inline] = arg.split(/=(.*)/s) as [string, string?]
    if (bare.has(flag)) {
      flags.set(flag, [''])
      continue
    }
    const v = inline ?? rest[++i]
    if (v === undefined || v === '' || v.startsWith('--')) throw usage(`${flag} needs a value`)
    flags.set(flag, [...(flags.get(flag) ?? []), v])
  }
  const one = (flag: string) => {
    const vs = flags.get(flag)
    if (vs && vs.length > 1) throw usage(`${flag} given twice`)
    return vs?.[0]
  }
  const known =
    command === 'expiring'
      ? ['--within', '--data-dir']
      : ['--board', '--session', '--note', '--author', '--all', '--data-dir']
  for (const f of flags.keys()) if (!known.includes(f)) throw usage(`unknown option "${f}"`)
  const dataDir = resolve(one('--data-dir') ?? env.DATA_DIR ?? './data')
  if (command === 'expiring') {
    const raw = one('--within') ?? '30'
    const withinDays = Number(raw)
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > MAX_RETENTION_DAYS) {
      throw usage(`--within must be a whole number of days, not "${raw}"`)
    }
    return { kind: 'expiring', dataDir, withinDays }
  }
  const board = one('--board')
  const session = one('--session')
  if ((board === undefined) === (session === undefined))
    throw usage('give --board ID or --session ID')
  const notes = flags.get('--note') ?? []
  const author = one('--author')
  const all = flags.has('--all')
  const chosen = [notes.length > 0, author !== undefined, all].filter(Boolean).length
  if (chosen !== 1) throw usage('give one of --note ID (repeatable), --author ID or --all')
  if (session !== undefined && notes.length > 0) throw usage('--note needs --board')
  const selector: ErasureSelector = all
    ? { all: true }
    : author !== undefined
      ? { authorId: author }
      : { notes }
  return session !== undefined
    ? { kind: 'erase', dataDir, scope: 'session', id: session, selector }
    : { kind: 'erase', dataDir, scope: 'board', id: board!, selector }
}
