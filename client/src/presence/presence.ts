/**
 * Awareness states as the views use them: validated (states come from other clients and
 * may be anything) and capped, since a plenary has 200 people and drawing 200 cursors
 * helps nobody.
 */
import { isRole, type Role } from '../board/permissions'
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
      // Every screen derives a person's colour from their id, as they do themselves: the same
      // everywhere, readable under white initials, whatever a client sends.
      color: userColor(id),
      role: isRole(u.role) ? u.role : 'participant',
      cursor: point(s.cursor),
      drag,
    })
  }
  return out
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

/** Throttle to at most one call per `ms`, always delivering the last arguments. */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
  now: () => number = () => performance.now(),
): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: A | null = null
  const run = () => {
    timer = null
    if (!pending) return
    const args = pending
    pending = null
    last = now()
    fn(...args)
  }
  const throttled = (...args: A) => {
    pending = args
    const wait = last + ms - now()
    if (wait <= 0) {
      if (timer) clearTimeout(timer)
      run()
    } else if (!timer) {
      timer = setTimeout(run, wait)
    }
  }
  throttled.flush = () => {
    if (timer) clearTimeout(timer)
    run()
  }
  throttled.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  return throttled
}
