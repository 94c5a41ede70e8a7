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

/** The items of several lists by id, each at the place it first appears (boards' columns). */
export function unionById<T extends { id: string }>(lists: readonly (readonly T[])[]): T[] {
  const out = new Map<string, T>()
  for (const list of lists) for (const item of list) if (!out.has(item.id)) out.set(item.id, item)
  return [...out.values()]
}
