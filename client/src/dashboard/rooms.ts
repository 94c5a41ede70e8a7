/** The breakout rooms of a new session, as typed in the create-session form. */

/** More rooms than a plenary of 200 people splits into. */
export const MAX_ROOMS = 60
export const MAX_ROOM_NAME = 80

export type RoomsInput = { mode: 'names'; text: string } | { mode: 'count'; count: string }

export type RoomsResult = { ok: true; boards: string[] | number } | { ok: false; error: string }

/**
 * Names one per line (blank lines ignored, spaces trimmed) or a whole count; never throws.
 * Duplicate names are refused: two rooms called alike cannot be told apart on the dashboard.
 */
export function parseRooms(input: RoomsInput): RoomsResult {
  if (input.mode === 'count') {
    const text = input.count.trim()
    const n = Number(text)
    if (text === '' || !Number.isInteger(n) || n < 1 || n > MAX_ROOMS) {
      return { ok: false, error: `Give a whole number of rooms from 1 to ${MAX_ROOMS}.` }
    }
    return { ok: true, boards: n }
  }
  const names = input.text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '')
  if (names.length === 0) return { ok: false, error: 'Give at least one room name.' }
  if (names.length > MAX_ROOMS) {
    return { ok: false, error: `At most ${MAX_ROOMS} rooms (you gave ${names.length}).` }
  }
  const long = names.find((n) => n.length > MAX_ROOM_NAME)
  if (long) {
    return { ok: false, error: `Room names are at most ${MAX_ROOM_NAME} characters.` }
  }
  const seen = new Set<string>()
  for (const n of names) {
    const key = n.toLocaleLowerCase()
    if (seen.has(key)) return { ok: false, error: `"${n}" is listed twice.` }
    seen.add(key)
  }
  return { ok: true, boards: names }
}
