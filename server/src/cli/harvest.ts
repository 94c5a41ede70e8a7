/**
 * Harvest command line: exports a board saved as a Yjs update file.
 *
 *   npm run harvest -- <board.bin> [--format json|md|csv] [--out FILE]
 *
 * JSON is the default and goes to stdout unless --out is given. Bad input gets one line on
 * stderr and a non-zero exit, never a stack trace (docs/harvest-cli.md):
 *   0 done · 1 unexpected failure · 2 usage · 3 missing or unreadable file ·
 *   4 bytes that do not decode as a Yjs update · 5 an update that is not a board
 *   (no formatVersion, or structs left pending) · 6 cannot write the output.
 */
import { writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { exportHarvest } from '@sensemaking/shared'
import { parseArgs } from './args'
import { CliError, EXIT, type ExitCode, fsReason, oneLine } from './exitCodes'
import { render } from './render'
import { loadBoard } from './source'

/** Run the command with `argv` (the arguments after the script); returns the exit code. */
export async function runHarvest(
  argv: readonly string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<ExitCode> {
  try {
    const args = parseArgs(argv)
    const { boardId, doc } = await loadBoard(args.source)
    const text = render(exportHarvest(doc, { boardId }), args.format)
    if (args.out === undefined) io.stdout(text)
    else {
      try {
        await writeFile(args.out, text)
      } catch (e) {
        throw new CliError(EXIT.writeFailed, `cannot write ${args.out}: ${fsReason(e)}`)
      }
    }
    return EXIT.ok
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`harvest: ${e.message}\n`)
      return e.exitCode
    }
    io.stderr(`harvest: unexpected failure: ${oneLine(e)}\n`)
    return EXIT.internal
  }
}

/** Run only as a program, so tests and the server can import `runHarvest`. */
const isMain =
  process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url

if (isMain) {
  process.on('uncaughtException', (e) => {
    process.stderr.write(`harvest: unexpected failure: ${oneLine(e)}\n`)
    process.exit(EXIT.internal)
  })
  const code = await runHarvest(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  })
  process.exitCode = code
}
