/**
 * The people who wrote on a board, as a facilitator picks one to erase: one entry per author
 * id (a person's name and city as their latest note says), with their note count, by name.
 */
export interface Author {
  authorId: string
  author: string
  city: string
  notes: number
}

export function authorsOf(
  notes: readonly { authorId: string; author: string; city: string; updatedAt?: string }[],
): Author[] {
  const by = new Map<string, Author & { latest: string }>()
  for (const n of notes) {
    if (n.authorId === '') continue
    const a = by.get(n.authorId)
    const at = n.updatedAt ?? ''
    if (!a) {
      by.set(n.authorId, {
        authorId: n.authorId,
        author: n.author,
        city: n.city,
        notes: 1,
        latest: at,
      })
      continue
    }
    a.notes++
    if (at > a.latest) Object.assign(a, { author: n.author, city: n.city, latest: at })
  }
  return [...by.values()]
    .map(({ latest: _, ...a }) => a)
    .sort(
      (x, y) =>
        x.author.localeCompare(y.author) ||
        x.city.localeCompare(y.city) ||
        (x.authorId < y.authorId ? -1 : 1),
    )
}
