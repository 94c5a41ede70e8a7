/**
 * Awareness states as the views use them: validated (states come from other clients and
 * may be anything) and capped, since a plenary has 200 people and drawing 200 cursors
 * helps nobody.
 */
import { isRole, type Role } from '@sensemaking/shared'

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

const str = (v: unknown, max = 80) => (typeof v === 'string' ? v.slice(0, max) : '')
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function point(v: unknown): { x: number; y: number } | null {
  if (!v || typeof v !== 'object') return null
  const p = v as { x?: unknown; y?: unknown }
  return finite(p.x) && finite(p.y) ? { x: p.x, y: p.y } : null
}

/** The people in an awareness states map, except our own client; invalid entries dropped. */
export function readPeople(states: ReadonlyMap<number, unknown>, selfClientId: number): Person[] {
  const out: Person[] = []
  for (const [clientId, raw] of states) {
    if (clientId === selfClientId || !raw || typeof raw !== 'object') continue
    const s = raw as { user?: unknown; cursor?: unknown; drag?: unknown }
    if (!s.user || typeof s.user !== 'object') continue
    const u = s.user as Record<string, unknown>
    const id = str(u.id)
    if (id === '') continue
    let drag: Person['drag'] = null
    if (s.drag && typeof s.drag === 'object') {
      drag = {}
      let n = 0
      for (const [noteId, p] of Object.entries(s.drag as Record<string, unknown>)) {
        const pt = point(p)
        if (pt && n++ < 500) drag[noteId] = pt
      }
    }
    out.push({
      clientId,
      id,
      name: str(u.name) || 'Someone',
      city: str(u.city),
      color: /^(#[0-9a-f]{3,8}|hsl\([\d.% ]+\))$/i.test(str(u.color)) ? str(u.color) : '#666666',
      role: isRole(u.role) ? u.role : 'participant',
      cursor: point(s.cursor),
      drag,
    })
  }
  return out
}

/** One entry per person id (a person may have several tabs), sorted by name. */
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
