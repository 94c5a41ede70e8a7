/** Orderings the harvest uses everywhere, so every replica exports the same bytes [H3]. */

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

/** The first entry of each id, in the given order (a board may hold duplicate definitions). */
export function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    if (seen.has(item.id)) return false
    seen.add(item.id)
    return true
  })
}

/** The items of several lists by id, each at the place it first appears (boards' columns). */
export function unionById<T extends { id: string }>(lists: readonly (readonly T[])[]): T[] {
  const out = new Map<string, T>()
  for (const list of lists) for (const item of list) if (!out.has(item.id)) out.set(item.id, item)
  return [...out.values()]
}
