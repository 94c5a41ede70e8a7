/**
 * Stepping through the notes by keyboard on the canvas [F3.9]: column by column in display
 * order (the parking lot last), in reading order within a column. Pure, so it is tested apart.
 */
import { byPosition, type ColumnDef, type NoteView, sortColumns } from '@sensemaking/shared'

/** Live notes in the order `]` and `[` step through them. */
export function noteOrder(notes: Iterable<NoteView>, columns: readonly ColumnDef[]): NoteView[] {
  const rank = new Map(sortColumns(columns).map((c, i) => [c.id, i]))
  const rankOf = (n: NoteView) =>
    n.column === null ? rank.size : (rank.get(n.column) ?? rank.size)
  return [...notes]
    .filter((n) => n.deletedAt === null)
    .sort((a, b) => rankOf(a) - rankOf(b) || byPosition(a, b))
}

/**
 * The note after (`dir` 1) or before (-1) `current` in `order`; from nothing, the first (or the
 * last); it wraps around. Null when there are no notes.
 */
export function stepNote(
  order: readonly NoteView[],
  current: string | null,
  dir: 1 | -1,
): NoteView | null {
  if (order.length === 0) return null
  const at = current === null ? -1 : order.findIndex((n) => n.id === current)
  if (at < 0) return dir === 1 ? order[0]! : order[order.length - 1]!
  return order[(at + dir + order.length) % order.length]!
}
