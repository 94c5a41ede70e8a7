/**
 * What views derive from the board's state, computed once per published state and shared by
 * every view that asks (a count in the top bar and one in a column read the same numbers).
 */
import {
  type Actor,
  countNotes,
  isLive,
  type NoteCounts,
  type NoteView,
  type PolicyState,
  policyState,
  whyNotArrangeThemes,
  whyNotPost,
} from '@sensemaking/shared'
import type { BoardContextValue } from './BoardContext'
import { type BoardState, notesTally } from './boardStore'

const counts = new WeakMap<object, { meta: unknown; value: NoteCounts }>()

/**
 * Live notes per column, lever and lever × column [shared countNotes]; taken again only when
 * a note came, went, moved column or changed lever (the store's tally), not as people type.
 */
export function noteCounts(s: Pick<BoardState, 'notes' | 'meta'>): NoteCounts {
  const key = notesTally(s.notes)
  const hit = counts.get(key)
  if (hit && hit.meta === s.meta) return hit.value
  const value = countNotes(s.notes.values(), s.meta)
  counts.set(key, { meta: s.meta, value })
  return value
}

const copies = new WeakMap<object, WeakMap<object, boolean>>()

/**
 * The board holds a copy from another room (a note or a theme with a source, SESSION-SPEC
 * SE3); looked for again only when the notes' tally or the themes changed, not as people type.
 */
export function hasCopies(s: Pick<BoardState, 'notes' | 'clusters'>): boolean {
  const key = notesTally(s.notes)
  const byClusters = copies.get(key) ?? new WeakMap<object, boolean>()
  copies.set(key, byClusters)
  const hit = byClusters.get(s.clusters)
  if (hit !== undefined) return hit
  let value = false
  for (const n of s.notes.values()) if (n.source) value = true
  if (!value) for (const c of s.clusters.values()) if (c.sources.length > 0) value = true
  byClusters.set(s.clusters, value)
  return value
}

/** A note id names a live note of the state [F5.4]. */
export function liveIn(notes: ReadonlyMap<string, NoteView>): (id: string) => boolean {
  return (id) => {
    const n = notes.get(id)
    return n !== undefined && isLive(n)
  }
}

let lastPolicy: { meta: unknown; vote: unknown; value: PolicyState } | null = null

/**
 * The board's state as the policy reads it (lock, vote, dots per person) [F12]; the same
 * object while the settings and the vote are.
 */
export function policyOf(s: Pick<BoardState, 'meta' | 'vote'>): PolicyState {
  if (lastPolicy?.meta === s.meta && lastPolicy.vote === s.vote) return lastPolicy.value
  const value = policyState(s.meta, s.vote)
  lastPolicy = { meta: s.meta, vote: s.vote, value }
  return value
}

/** The person on this page as the policy knows them: their role and their id. */
export function actorOf(board: Pick<BoardContextValue, 'role' | 'user'>): Actor {
  return { role: board.role, person: board.user.id }
}

type Asker = Pick<BoardContextValue, 'role' | 'user' | 'store'>

/** May this person post notes on the board as it stands [F12]? */
export function mayPost(board: Asker): boolean {
  return whyNotPost(actorOf(board), policyOf(board.store.get())) === null
}

/** May this person make, move and dissolve themes [F12.9]? */
export function mayArrangeThemes(board: Asker): boolean {
  return whyNotArrangeThemes(actorOf(board), policyOf(board.store.get())) === null
}
