/**
 * Escaping of user text in the Markdown report [H9], so a note can neither start a heading,
 * list, quote, table, code block or HTML nor end its bullet early.
 */

/**
 * Characters that can mean something inline (CommonMark and GitHub: emphasis, code, links,
 * HTML, tables, strikethrough, math, entities). Those that only sometimes do are escaped only
 * then, so names read as typed ("Data & monitoring", "snake_case", "a > b") [H9.4].
 */
const INLINE = /[\\`*_[<|~$&]/g
/** Block starts that matter only at the beginning of a line. */
const LINE_START = /^(#|>|-|\+|=|\d+[.)])/
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
/** `&` begins a character reference only before a name or number and a semicolon. */
const ENTITY = /&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/y
const WORD = /[\p{L}\p{N}]/u

/** Whether `c` at `i` of `line` could mean something there. */
function meaningful(c: string, i: number, line: string): boolean {
  if (c === '&') {
    ENTITY.lastIndex = i
    return ENTITY.test(line)
  }
  // An underscore inside a word never opens or closes emphasis.
  if (c === '_') return !(WORD.test(line[i - 1] ?? '') && WORD.test(line[i + 1] ?? ''))
  return true
}

function escapeLine(line: string): string {
  const trimmed = line
    .trim()
    .replace(INLINE, (c, i: number, all: string) => (meaningful(c, i, all) ? `\\${c}` : c))
  return trimmed.replace(LINE_START, (m) => {
    const last = m.length - 1
    return m.slice(0, last) === '' ? `\\${m}` : `${m.slice(0, last)}\\${m[last]}`
  })
}

/**
 * Wrap right-to-left text in a first-strong isolate, so the attribution after it
 * ("— City (Author)") keeps its place when the line is displayed.
 */
export function isolate(text: string): string {
  return RTL.test(text) ? `\u2068${text}\u2069` : text
}

/** One line of user text (a title, a label, a city): line breaks become spaces. */
export function mdInline(text: string): string {
  return isolate(escapeLine(text.replace(/\r\n|\r|\n/g, ' ')))
}

/**
 * A note's text as the content of a list item: each line escaped, blank lines dropped, and
 * line breaks kept as hard breaks indented under the bullet, so the note stays one item.
 */
export function mdBlock(text: string, indent = '  '): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .filter((l) => l !== '')
  return isolate(lines.join(`\\\n${indent}`))
}
