/** Caret positions across other people's edits of a Y.Text. */

/**
 * Where a caret at `index` of the old text goes when a Y.Text delta is applied: text
 * inserted or deleted before it shifts it; an insertion right at the caret stays after it.
 */
export function transformIndex(
  index: number,
  delta: ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>,
): number {
  let pos = 0
  let shift = 0
  for (const op of delta) {
    if (pos >= index) break
    if (op.retain !== undefined) {
      pos += op.retain
    } else if (op.insert !== undefined) {
      shift += typeof op.insert === 'string' ? op.insert.length : 1
    } else if (op.delete !== undefined) {
      shift -= Math.min(op.delete, index - pos)
      pos += op.delete
    }
  }
  return Math.max(0, index + shift)
}
