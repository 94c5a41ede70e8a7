/** The columns of a board as views name them, with the parking lot beside them. */
import type { BoardMeta } from './types'

/** What views and the harvest call the notes outside every column (`column: null`) [F3.1]. */
export const PARKING_LOT_TITLE = 'Parking lot'

/** A column's title, or the parking lot's for null; an id the board lacks reads as itself. */
export function columnTitle(meta: Pick<BoardMeta, 'columns'>, column: string | null): string {
  if (column === null) return PARKING_LOT_TITLE
  return meta.columns.find((c) => c.id === column)?.title ?? column
}
