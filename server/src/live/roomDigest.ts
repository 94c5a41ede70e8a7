/**
 * What a room is saying, in a few lines for the session dashboard [SE4.2]: its latest notes
 * (words, lever, column, kind, city) and its themes with how many notes each holds. Gathered
 * in the same pass over the notes that counts them (boardStats.ts), kept with the figures,
 * stored with them when the board leaves memory.
 */
import type { NoteView } from '@sensemaking/shared'
import type { RecentNote, ThemeFigure } from '../storage/types'

/** Latest notes a room's digest shows. */
export const RECENT_NOTES = 5
/** Themes a room's digest shows (the largest). */
export const DIGEST_THEMES = 6
/** A note's words in the digest are cut after this many UTF-16 code units. */
export const DIGEST_TEXT = 280

/** `text` cut to `max` code units, never inside a surrogate pair, with an ellipsis when cut. */
export function cut(text: string, max = DIGEST_TEXT): string {
  const t = text.trim()
  if (t.length <= max) return t
  let end = max - 1
  const c = t.charCodeAt(end - 1)
  if (c >= 0xd800 && c <= 0xdbff) end--
  return `${t.slice(0, end)}…`
}

const newer = (a: NoteView, b: NoteView) =>
  a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id

/**
 * Keeps the latest notes with words while the notes go by, in one pass and constant space:
 * a note being typed but still empty is not said yet.
 */
export class RecentKeeper {
  private readonly kept: NoteView[] = []

  constructor(private readonly size = RECENT_NOTES) {}

  offer(n: NoteView): void {
    if (n.text.trim() === '') return
    const k = this.kept
    if (k.length === this.size && !newer(n, k[k.length - 1]!)) return
    let i = k.length
    while (i > 0 && newer(n, k[i - 1]!)) i--
    k.splice(i, 0, n)
    if (k.length > this.size) k.pop()
  }

  /** Newest first. */
  notes(): RecentNote[] {
    return this.kept.map((n) => ({
      id: n.id,
      text: cut(n.text),
      column: n.column,
      lever: n.lever,
      kind: n.kind,
      city: n.city,
      createdAt: n.createdAt,
      ...(n.source ? { from: n.source.boardName } : {}),
    }))
  }
}

/** The largest themes first (then by title), with their live notes counted. */
export function themeFigures(
  themes: ReadonlyArray<{ id: string; title: string }>,
  members: ReadonlyMap<string, number>,
  max = DIGEST_THEMES,
): ThemeFigure[] {
  return themes
    .map((t) => ({ id: t.id, title: t.title, notes: members.get(t.id) ?? 0 }))
    .sort((a, b) => b.notes - a.notes || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1))
    .slice(0, max)
}
