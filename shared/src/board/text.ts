/** Text rules of a note [F3.3]. */

/** The most characters an accessor writes into a note, as Y.Text counts them (UTF-16 units). */
export const MAX_NOTE_TEXT = 2000

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function capText(text: string, max = MAX_NOTE_TEXT): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  return text.slice(0, end)
}

/**
 * The smallest single splice that turns `from` into `to`: common prefix and suffix kept,
 * so a textarea bound to a Y.Text merges with other people's typing [F3.4].
 */
export function diffText(
  from: string,
  to: string,
): { index: number; remove: number; insert: string } {
  let start = 0
  const min = Math.min(from.length, to.length)
  while (start < min && from.charCodeAt(start) === to.charCodeAt(start)) start++
  let endFrom = from.length
  let endTo = to.length
  while (
    endFrom > start &&
    endTo > start &&
    from.charCodeAt(endFrom - 1) === to.charCodeAt(endTo - 1)
  ) {
    endFrom--
    endTo--
  }
  // Never split a surrogate pair at either edge.
  if (start > 0 && isHigh(from.charCodeAt(start - 1))) start--
  if (endFrom < from.length && isLow(from.charCodeAt(endFrom))) {
    endFrom++
    endTo++
  }
  return { index: start, remove: endFrom - start, insert: to.slice(start, endTo) }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff

/** City names group after trimming, folding white space and NFC, case-insensitively [F3.5]. */
export function normalizeCity(city: string): string {
  return city.normalize('NFC').trim().replace(/\s+/gu, ' ')
}

export function cityKey(city: string): string {
  return normalizeCity(city).toLowerCase()
}
