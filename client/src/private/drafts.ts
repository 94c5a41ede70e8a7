/**
 * Private drafts [F8.3]: notes written while private writing is on. They live on the writer's
 * device only (localStorage, per board), never in the board document, until the board shows
 * their round revealed. Pure: parsing and the storage key; the store does the I/O.
 */
import { capText } from '@sensemaking/shared'

export interface Draft {
  /** Also the id of the note it becomes, so writing it twice rewrites nothing. */
  id: string
  /** The private writing round it was written in. */
  round: number
  column: string | null
  lever: string | null
  text: string
  author: string
  city: string
  authorId: string
  createdAt: number
}

/** The localStorage key of one board's drafts. */
export const draftsKey = (boardId: string) => `sensemaking:drafts:${boardId}`

const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '')
const strOrNull = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : null)

/** One stored draft, or null when it cannot be read (storage may hold anything). */
export function parseDraft(v: unknown): Draft | null {
  if (!v || typeof v !== 'object') return null
  const d = v as Record<string, unknown>
  const id = str(d.id, 100)
  const round = int(d.round)
  const createdAt = int(d.createdAt)
  if (id === '' || round === null || createdAt === null) return null
  return {
    id,
    round,
    column: strOrNull(d.column),
    lever: strOrNull(d.lever),
    text: capText(typeof d.text === 'string' ? d.text : ''),
    author: str(d.author),
    city: str(d.city),
    authorId: str(d.authorId, 100),
    createdAt,
  }
}

/** Every readable draft of a stored list, in the order written; junk is dropped. */
export function parseDrafts(raw: string | null): Draft[] {
  if (!raw) return []
  try {
    const v = JSON.parse(raw) as unknown
    if (!Array.isArray(v)) return []
    const seen = new Set<string>()
    const out: Draft[] = []
    for (const item of v) {
      const d = parseDraft(item)
      if (d && !seen.has(d.id)) {
        seen.add(d.id)
        out.push(d)
      }
    }
    return out
  } catch {
    return []
  }
}

/** A random RFC 4122 v4 id. `crypto.getRandomValues` exists on plain http too, unlike randomUUID. */
export function newDraftId(
  random: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a),
) {
  const b = random(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
