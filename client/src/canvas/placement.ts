/** Which column a new note goes to when no column was named. */
import { type BoardMeta, columnAt, NOTE_SIZE, sortColumns } from '@sensemaking/shared'

/**
 * The active question if the facilitator set one, else the column in the middle of the
 * view, else the first column.
 */
export function targetColumn(
  meta: Pick<BoardMeta, 'columns' | 'phase'>,
  viewCentre: { x: number; y: number },
): string | null {
  if (meta.phase) return meta.phase
  const under = columnAt(
    meta.columns,
    viewCentre.x - NOTE_SIZE.w / 2,
    viewCentre.y - NOTE_SIZE.h / 2,
  )
  return under ?? sortColumns(meta.columns)[0]?.id ?? null
}

/** The column of a number key (1 for the first column in display order…), or undefined. */
export function columnOfKey(meta: Pick<BoardMeta, 'columns'>, key: string): string | undefined {
  if (!/^[1-9]$/.test(key)) return undefined
  return sortColumns(meta.columns)[Number(key) - 1]?.id
}
