/** How a sticky looks, as pure functions of its props. */

/**
 * Shorter notes get bigger type, so a board read from afar still says something. Long notes
 * keep 13 px and are cut with an ellipsis; the whole text opens on selection (NotePeek).
 */
export function noteFontSize(text: string): number {
  const n = text.length
  if (n <= 40) return 22
  if (n <= 90) return 18
  if (n <= 160) return 15
  return 13
}

const UNTAGGED_BG = '#fff8d6'

/** A pale tint of the lever's colour for the paper; untagged notes are pale yellow. */
export function noteBackground(leverColor: string): string {
  return leverColor === '' ? UNTAGGED_BG : `color-mix(in srgb, ${leverColor} 13%, #ffffff)`
}
