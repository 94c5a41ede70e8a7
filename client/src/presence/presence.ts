/**
 * Awareness states as the views use them: read by the shared tolerant reader (states come
 * from other clients and may be anything, PRESENCE-SPEC.md) and capped, since a plenary has
 * 200 people and drawing 200 cursors helps nobody [P3.2].
 */
import { presentClients, type Role } from '@sensemaking/shared'
import { userColor } from '../store/user'

export interface Person {
  clientId: number
  id: string
  name: string
  city: string
  color: string
  role: Role
  cursor: { x: number; y: number } | null
  drag: Record<string, { x: number; y: number }> | null
}

/** The people in an awareness states map, except our own client; invalid entries dropped [P2]. */
export function readPeople(states: ReadonlyMap<number, unknown>, selfClientId: number): Person[] {
  return presentClients(states, selfClientId).map((c) => ({
    clientId: c.clientId,
    ...c.user,
    // Every screen derives a person's colour from their id, as they do themselves: the same
    // everywhere, readable under white initials, whatever a client sends [P2.3].
    color: userColor(c.user.id),
    cursor: c.cursor,
    drag: c.drag,
  }))
}

/**
 * Up to two initials for an avatar, from the words of a name that start with a letter
 * ("Dana (facilitator)" → "D", "Léa Martin" → "LM"), or "?".
 */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/u).filter((w) => /^\p{L}/u.test(w))
  const letters = words.slice(0, 2).map((w) => w.match(/^\p{L}\p{M}*/u)![0].toLocaleUpperCase())
  if (letters.length > 0) return letters.join('')
  return name.match(/\p{L}/u)?.[0]?.toLocaleUpperCase() ?? '?'
}

/** One entry per person id (a person may have several tabs [P7.1]), sorted by name. */
export function uniquePeople(people: readonly Person[]): Person[] {
  const byId = new Map<string, Person>()
  for (const p of people) if (!byId.has(p.id) || p.cursor) byId.set(p.id, p)
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}

/** The cursors worth drawing: at most `max`, nearest to the centre of the view first. */
export function cursorsToDraw(
  people: readonly Person[],
  view: { x: number; y: number; w: number; h: number },
  max = 30,
): Person[] {
  const cx = view.x + view.w / 2
  const cy = view.y + view.h / 2
  const margin = Math.max(view.w, view.h) * 0.25
  return people
    .filter(
      (p) =>
        p.cursor &&
        p.cursor.x >= view.x - margin &&
        p.cursor.x <= view.x + view.w + margin &&
        p.cursor.y >= view.y - margin &&
        p.cursor.y <= view.y + view.h + margin,
    )
    .map((p) => ({ p, d: Math.hypot(p.cursor!.x - cx, p.cursor!.y - cy) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((e) => e.p)
}
