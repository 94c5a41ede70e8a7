/**
 * Harvest command line: exports a board saved as a Yjs update file, or a board or a whole
 * session from the server's data dir (DATA_DIR, with the server running or not).
 *
 *   npm run harvest -- <board.bin> [--format json|md|csv] [--out FILE]
 *   npm run harvest -- --board ID | --session ID [--data-dir DIR] [--format …] [--out FILE]
 *
 * JSON is the default and goes to stdout unless --out is given. Bad input gets one line on
 * stderr and a non-zero exit, never a stack trace (docs/harvest-cli.md):
 *   0 done · 1 unexpected failure · 2 usage · 3 missing or unreadable file ·
 *   4 bytes that do not decode as a Yjs update · 5 an update that is not a board
 *   (no formatVersion, or structs left pending) · 6 cannot write the output ·
 *   7 --board or --session names nothing in the data dir.
 */
import { writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { exportHarvest, exportSessionHarvest } from '@sensemaking/shared'
import { parseArgs } from './args'
import { loadStoredBoard, loadStoredSession } from './dataDir'
import { CliError, EXIT, type ExitCode, fsReason, oneLine } from './exitCodes'
import { render, renderSession } from './render'
import { loadBoard } from './source'

/** Run the command with `argv` (the arguments after the script); returns the exit code. */
export async function runHarvest(
  argv: readonly string[],
  io: {
    stdout: (text: string) => void
    stderr: (text: string) => void
    env?: { DATA_DIR?: string }
  },
): Promise<ExitCode> {
  try {
    const args = parseArgs(argv, io.env)
    const warn = (line: string) => io.stderr(`harvest: warning: ${line}\n`)
    const src = args.source
    let text: string
    if (src.kind === 'session') {
      const s = loadStoredSession(src.dataDir, src.id, warn)
      const boards = s.boards.map((b) =>
        exportHarvest(b.doc, { boardId: b.boardId, plenary: b.plenary }),
      )
      text = renderSession(exportSessionHarvest(s.session, boards), args.format)
    } else {
      const { boardId, doc, plenary } =
        src.kind === 'board' ? loadStoredBoard(src.dataDir, src.id, warn) : await loadBoard(src)
      text = render(exportHarvest(doc, { boardId, plenary }), args.format)
    }
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
    env: process.env,
  })
  process.exitCode = code
}
