/** Arguments of `npm run harvest -- <board.bin> [--format json|md|csv] [--out FILE]`. */
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

export const USAGE = 'usage: npm run harvest -- <board.bin> [--format json|md|csv] [--out FILE]'

const usage = (why: string) => new CliError(EXIT.usage, `${why}; ${USAGE}`)

/** Parse the arguments after the script name; throws a usage `CliError` on anything wrong. */
export function parseArgs(argv: readonly string[]): HarvestArgs {
  let file: string | undefined
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
  if (file === undefined) throw usage('no board file given')
  return { source: { kind: 'file', path: file }, format, out }
}
