/** What a card's buttons do, provided once by the view (a stable object, so cards can be memoised). */
import type { NoteView } from '@sensemaking/shared'
import { createContext, useContext } from 'react'

export interface CardActions {
  startEdit(id: string): void
  stopEdit(id: string): void
  remove(note: NoteView): void
  setLever(id: string, lever: string | null): void
  /** A kind of the note's column, or none [F3.9]. */
  setKind(id: string, kind: string | null): void
  move(note: NoteView, column: string | null): void
  setTheme(note: NoteView, clusterId: string | null): void
  /** Place (+1) or take back (−1) one of this person's dots. */
  dot(id: string, delta: 1 | -1): void
}

export const CardActionsContext = createContext<CardActions | null>(null)

export function useCardActions(): CardActions {
  const a = useContext(CardActionsContext)
  if (!a) throw new Error('useCardActions() outside the columns view')
  return a
}

/** The first words of a note, to tell its buttons apart for a screen reader. */
export function excerpt(text: string, max = 40): string {
  const t = text.trim().replace(/\s+/gu, ' ')
  if (t === '') return 'empty note'
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`
}
