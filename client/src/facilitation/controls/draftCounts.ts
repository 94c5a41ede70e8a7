/**
 * How many private drafts each person holds, from awareness (`drafts`, a number each writer
 * publishes [F8.3]). Only counts travel: nobody's text leaves their device before the reveal.
 */

export interface DraftCount {
  /** The person's id (tabs of one device share their drafts: the largest count is kept). */
  id: string
  name: string
  city: string
  drafts: number
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 80) : '')

/** One entry per person holding drafts, most drafts first, then by name. */
export function draftCounts(states: ReadonlyMap<number, unknown>): DraftCount[] {
  const byId = new Map<string, DraftCount>()
  for (const raw of states.values()) {
    if (!raw || typeof raw !== 'object') continue
    const s = raw as { user?: unknown; drafts?: unknown }
    const n = s.drafts
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) continue
    const u = (s.user && typeof s.user === 'object' ? s.user : {}) as Record<string, unknown>
    const id = str(u.id)
    if (id === '') continue
    const prev = byId.get(id)
    const drafts = Math.min(10_000, Math.floor(n))
    if (prev) prev.drafts = Math.max(prev.drafts, drafts)
    else byId.set(id, { id, name: str(u.name) || 'Someone', city: str(u.city), drafts })
  }
  return [...byId.values()].sort((a, b) => b.drafts - a.drafts || a.name.localeCompare(b.name))
}
