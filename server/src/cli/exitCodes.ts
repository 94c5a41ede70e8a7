/**
 * Exit codes of the command lines (docs/harvest-cli.md, docs/privacy-cli.md). Every failure
 * leaves with one line on stderr and one of these codes, never with a stack trace.
 */
export const EXIT = {
  ok: 0,
  /** Something this program did not expect (a bug): still one line, never a stack trace. */
  internal: 1,
  /** Wrong arguments. */
  usage: 2,
  /** The input file is missing or cannot be read. */
  unreadable: 3,
  /** The bytes do not decode as a Yjs update. */
  notYjs: 4,
  /** The update decodes but is not a board: no `formatVersion`, or structs left pending. */
  notBoard: 5,
  /** The output cannot be written. */
  writeFailed: 6,
  /** --board or --session names nothing in the data dir. */
  notFound: 7,
  /** A server runs on the data dir: erase through its HTTP API instead. */
  serverRunning: 8,
  /** The board cannot be erased (content the format does not know). */
  cannotErase: 9,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** A failure the command line reports as one line with its exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** The message of anything thrown, on one line. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
}

/** A file system error in words, e.g. "no such file or directory". */
export function fsReason(e: unknown): string {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' ? (FS_REASONS[code] ?? code) : oneLine(e)
}
