/** Orderings the harvest uses everywhere, so every replica exports the same bytes [H3]. */

export { byPosition, compareText } from '../board/order'

/** The first entry of each id, in the given order (a board may hold duplicate definitions). */
export function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    if (seen.has(item.id)) return false
    seen.add(item.id)
    return true
  })
}
