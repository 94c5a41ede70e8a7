/**
 * Refreshing copies on the plenary from their sources, when a facilitator asks (F11.6): one
 * send with `refresh` per source board, naming the source notes and themes (SESSION-SPEC SE2.4).
 */
import type { ClusterView, NoteView } from '@sensemaking/shared'
import { sendToPlenary } from '../lib/api'
import type { PlenaryLink } from './PlenaryContext'

/** What to refresh: note copies, and the sources of theme copies. */
export interface RefreshItems {
  notes: ReadonlyArray<Pick<NoteView, 'source'>>
  themes: ReadonlyArray<{ boardId: string; clusterId: string }>
}

/** The sends a refresh makes: per source board, its notes and themes. */
export function refreshRequests(items: RefreshItems) {
  const by = new Map<string, { notes: string[]; themes: string[] }>()
  const of = (boardId: string) => {
    let r = by.get(boardId)
    if (!r) {
      r = { notes: [], themes: [] }
      by.set(boardId, r)
    }
    return r
  }
  for (const n of items.notes) if (n.source) of(n.source.boardId).notes.push(n.source.noteId)
  for (const t of items.themes) of(t.boardId).themes.push(t.clusterId)
  return [...by].map(([from, r]) => ({ from, ...r, refresh: true }))
}

/** Bring the copies up to date on the page's plenary; resolves with how many were refreshed. */
export async function refreshCopies(link: PlenaryLink, items: RefreshItems): Promise<number> {
  let refreshed = 0
  for (const body of refreshRequests(items)) {
    const r = await sendToPlenary(link.boardId, link.token, body)
    refreshed += r.summary.refreshed
  }
  return refreshed
}

/** The theme copies' sources of a board that changed since sent, from the statuses. */
export function changedThemeSources(
  clusters: Iterable<ClusterView>,
  statuses: Record<string, Array<{ boardId: string; clusterId: string; status: string }>>,
) {
  const out: Array<{ boardId: string; clusterId: string }> = []
  for (const c of clusters) {
    for (const s of statuses[c.id] ?? []) {
      if (s.status === 'changed') out.push({ boardId: s.boardId, clusterId: s.clusterId })
    }
  }
  return out
}
