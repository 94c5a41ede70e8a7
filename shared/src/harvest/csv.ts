/**
 * CSV as spreadsheet programs open it [H10]: UTF-8 with a byte-order mark, CRLF rows,
 * RFC 4180 quoting, and a guard so no cell runs as a formula.
 */

export const BOM = '\ufeff'
const CRLF = '\r\n'

/** Characters that make a spreadsheet read a cell as a formula (or strip it). */
const TRIGGER = /^'*[=+\-@\t\r]/
/** A guarded cell: one added quote, then what needed guarding. */
const GUARDED = /^'+[=+\-@\t\r]/

/**
 * Prefix a cell that a spreadsheet would run as a formula with a single quote [H10]. Cells
 * that already start with quotes before such a character get one more, so `unguard` can
 * always remove exactly the one this added.
 */
export function guard(cell: string): string {
  return TRIGGER.test(cell) ? `'${cell}` : cell
}

/** Undo `guard`: drop the one quote it added, and nothing else. */
export function unguard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell
}

/** Quote a cell when RFC 4180 asks for it: a comma, a quote or a line break inside. */
export function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** Rows of cells as CSV text: guarded, quoted, CRLF after every row, BOM first [H10]. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  const lines = rows.map((r) =>
    r.map((c) => (typeof c === 'number' ? String(c) : quote(guard(c)))).join(','),
  )
  return BOM + lines.map((l) => l + CRLF).join('')
}

/** A CSV text that is not well formed. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

/**
 * Parse CSV text (RFC 4180; CRLF or LF rows; a leading BOM ignored) into rows of cells,
 * removing the formula guard the exporter added [H10]. Throws `CsvError` on an unclosed
 * quote or a stray character after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let i = 0
  const endCell = () => {
    row.push(quoted ? cell : unguard(cell))
    cell = ''
    quoted = false
  }
  const endRow = () => {
    endCell()
    rows.push(row)
    row = []
  }
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '"' && cell === '' && !quoted) {
      // A quoted cell: read to the closing quote, "" standing for one quote.
      const start = line
      i++
      for (;;) {
        if (i >= src.length) throw new CsvError('a quoted cell is not closed', start)
        const c = src[i]!
        if (c === '"') {
          if (src[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (c === '\n') line++
        cell += c
        i++
      }
      cell = unguard(cell)
      quoted = true
      const next = src[i]
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvError('unexpected character after a closing quote', line)
      }
      continue
    }
    if (ch === ',') {
      endCell()
      i++
    } else if (ch === '\r' && src[i + 1] === '\n') {
      endRow()
      line++
      i += 2
    } else if (ch === '\n') {
      endRow()
      line++
      i++
    } else {
      if (quoted) throw new CsvError('unexpected character after a closing quote', line)
      cell += ch
      i++
    }
  }
  if (cell !== '' || quoted || row.length > 0) endRow()
  return rows
}
