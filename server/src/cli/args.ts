/**
 * Arguments of `npm run harvest -- <board.bin> | --board ID | --session ID [--data-dir DIR]
 * [--format json|md|csv] [--out FILE]`. --board and --session read DATA_DIR (default ./data).
 */
import { resolve } from 'node:path'
import { CliError, EXIT } from './exitCodes'
import type { HarvestSource } from './source'

export const FORMATS = ['json', 'md', 'csv'] as const
export type Format = (typeof FORMATS)[number]

export interface HarvestArgs {
  source: HarvestSource
  format: Format
  /** Where to write; stdout when absent. */
  out?: string
}

export const USAGE =
  'usage: npm run harvest -- <board.bin> | --board ID | --session ID [--data-dir DIR] [--format json|md|csv] [--out FILE]'

const usage = (why: string) => new CliError(EXIT.usage, `${why}; ${USAGE}`)

/**
 * Parse the arguments after the script name; throws a usage `CliError` on anything wrong.
 * `env.DATA_DIR` is where --board and --session read from, unless --data-dir says otherwise.
 */
export function parseArgs(argv: readonly string[], env: { DATA_DIR?: string } = {}): HarvestArgs {
  let file: string | undefined
  let board: string | undefined
  let session: string | undefined
  let dataDir: string | undefined
  let format: Format = 'json'
  let out: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string?]) : [arg]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw usage(`${flag} needs a value`)
      return v
    }
    if (flag === '--format') {
      const v = value()
      if (!(FORMATS as readonly string[]).includes(v)) throw usage(`unknown format "${v}"`)
      format = v as Format
    } else if (flag === '--out') {
      out = value()
    } else if (flag === '--board') {
      board = value()
    } else if (flag === '--session') {
      session = value()
    } else if (flag === '--data-dir') {
      dataDir = value()
    } else if (flag === '--help' || flag === '-h') {
      throw usage('help')
    } else if (arg.startsWith('-') && arg !== '-') {
      throw usage(`unknown option "${arg}"`)
    } else if (file === undefined) {
      file = arg
    } else {
      throw usage(`one board file only, got "${file}" and "${arg}"`)
    }
  }
  const given = [file, board, session].filter((x) => x !== undefined).length
  if (given > 1) throw usage('give one of a board file, --board ID or --session ID')
  const dir = resolve(dataDir ?? env.DATA_DIR ?? './data')
  if (board !== undefined)
    return { source: { kind: 'board', id: board, dataDir: dir }, format, out }
  if (session !== undefined) {
    return { source: { kind: 'session', id: session, dataDir: dir }, format, out }
  }
  if (file === undefined) throw usage('no board file given')
  return { source: { kind: 'file', path: file }, format, out }
}
