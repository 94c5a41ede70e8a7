/**
 * How many private drafts each person holds, from awareness (`drafts`, a number each writer
 * publishes [F8.3, P6]). Only counts travel: nobody's text leaves their device before the reveal.
 */
import { readPresence } from '@sensemaking/shared'

export interface DraftCount {
  /** The person's id (tabs of one device share their drafts: the largest count is kept). */
  id: string
  name: string
  city: string
  drafts: number
}

/** One entry per person holding drafts (the largest count of their tabs [P7.1]), most first. */
export function draftCounts(states: ReadonlyMap<number, unknown>): DraftCount[] {
  const byId = new Map<string, DraftCount>()
  for (const raw of states.values()) {
    const { user, drafts } = readPresence(raw)
    if (!user || drafts < 1) continue
    const prev = byId.get(user.id)
    if (prev) prev.drafts = Math.max(prev.drafts, drafts)
    else byId.set(user.id, { id: user.id, name: user.name, city: user.city, drafts })
  }
  return [...byId.values()].sort((a, b) => b.drafts - a.drafts || a.name.localeCompare(b.name))
}
