/**
 * Orders every view and export shares, so every replica lists a board alike: code-unit
 * comparison of strings, and reading order on the board [H3].
 */

/** Compare strings by UTF-16 code units: the same on every machine, unlike a locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Reading order on the board: top to bottom, left to right, then id [H3]. */
export function byPosition(
  a: { y: number; x: number; id: string },
  b: { y: number; x: number; id: string },
): number {
  return a.y - b.y || a.x - b.x || compareText(a.id, b.id)
}
