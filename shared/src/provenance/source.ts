/**
 * Provenance of a copy sent from another board [F11]: what a note or a theme records about
 * its source, its tolerant readers, and the digest that tells "changed since sent".
 * Plain values (replaced whole), so a refresh is one atomic write.
 */
import { encodeUtf8 } from 'lib0/string'

/** What a note sent from another board keeps of its source, as it stood when sent [F11.1]. */
export interface NoteSource {
  /** The source board's id and its title when sent. */
  boardId: string
  boardName: string
  /** The note on the source board. */
  noteId: string
  city: string
  author: string
  /** Lever, column and kind ids on the source board, or null. */
  lever: string | null
  column: string | null
  kind: string | null
  /** Dots on the source note when sent [F5.2]. */
  votes: number
  /** When this snapshot was taken (ms since epoch). */
  sentAt: number
  /** `noteDigest` of the source note when sent: a different digest now means it changed. */
  digest: string
}

/** What a theme sent from another board keeps of one source theme [F11.2]. */
export interface ThemeSource {
  boardId: string
  boardName: string
  /** The theme (cluster) on the source board. */
  clusterId: string
  /** The theme's title when sent. */
  title: string
  sentAt: number
  /** `themeDigest` of the source theme when sent. */
  digest: string
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isId = (v: unknown): v is string => isString(v) && v !== ''
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown) => (isString(v) ? v : '')
const idOrNull = (v: unknown) => (isId(v) ? v : null)
const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const count = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0

export type SourceRead<T> = { source: T | null; problem?: string }

/**
 * Read a note's `source` [F11.3]. Absent or null is no source. A value that is not an object
 * with a non-empty `boardId` and `noteId` reads as no source and is reported; other fields
 * that are missing or of the wrong type read as empty, null or 0.
 */
export function readNoteSource(v: unknown): SourceRead<NoteSource> {
  if (v === undefined || v === null) return { source: null }
  if (!isRecord(v) || !isId(v.boardId) || !isId(v.noteId)) {
    return { source: null, problem: 'source is malformed, read as none' }
  }
  return {
    source: {
      boardId: v.boardId,
      boardName: str(v.boardName),
      noteId: v.noteId,
      city: str(v.city),
      author: str(v.author),
      lever: idOrNull(v.lever),
      column: idOrNull(v.column),
      kind: idOrNull(v.kind),
      votes: count(v.votes),
      sentAt: time(v.sentAt),
      digest: str(v.digest),
    },
  }
}

/**
 * Read a theme's `sources` [F11.3]: absent is none; entries that are not objects with a
 * non-empty `boardId` and `clusterId` are dropped and reported, as is a value that is not
 * an array. A source named twice (same board and theme) is kept once.
 */
export function readThemeSources(v: unknown): { sources: ThemeSource[]; problems: string[] } {
  if (v === undefined || v === null) return { sources: [], problems: [] }
  if (!Array.isArray(v)) return { sources: [], problems: ['sources is not an array, read as none'] }
  const sources: ThemeSource[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  v.forEach((s: unknown, i) => {
    if (!isRecord(s) || !isId(s.boardId) || !isId(s.clusterId)) {
      problems.push(`sources[${i}] is malformed, left out`)
      return
    }
    const key = sourceKey(s.boardId, s.clusterId)
    if (seen.has(key)) return
    seen.add(key)
    sources.push({
      boardId: s.boardId,
      boardName: str(s.boardName),
      clusterId: s.clusterId,
      title: str(s.title),
      sentAt: time(s.sentAt),
      digest: str(s.digest),
    })
  })
  return { sources, problems }
}

/** One string for a (board, item) pair; the board id's length keeps any two pairs apart. */
export const sourceKey = (boardId: string, itemId: string) =>
  `${boardId.length}:${boardId}/${itemId}`

const FNV_OFFSET_HI = 0xcbf29ce4
const FNV_OFFSET_LO = 0x84222325
const TWO_32 = 2 ** 32

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits [F11.4]. Computed in two
 * 32-bit halves (the prime is 2^40 + 0x1b3), so it needs neither BigInt nor a crypto module.
 */
export function fnv1a64(text: string): string {
  let hi = FNV_OFFSET_HI
  let lo = FNV_OFFSET_LO
  for (const byte of encodeUtf8(text)) {
    lo = (lo ^ byte) >>> 0
    const low = lo * 0x1b3
    const carry = Math.floor(low / TWO_32)
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % TWO_32
    lo = low % TWO_32
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** The fields of a note whose change counts as "changed since sent" [F11.4]. */
export interface NoteContent {
  text: string
  column: string | null
  lever: string | null
  kind: string | null
  city: string
  author: string
}

/** The digest of what a note says [F11.4]: its text, column, lever, kind, city and author. */
export function noteDigest(n: NoteContent): string {
  return fnv1a64(JSON.stringify([n.text, n.column, n.lever, n.kind, n.city, n.author]))
}

/** The digest of a theme [F11.4]: its title and its live members' ids, in code-unit order. */
export function themeDigest(title: string, memberIds: readonly string[]): string {
  const ids = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return fnv1a64(JSON.stringify([title, ids]))
}
