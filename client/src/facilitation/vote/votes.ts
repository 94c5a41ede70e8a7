/**
 * Dot voting as one person sees it [F5, F8.2]: the vote's state, their own dots, and the
 * totals. Pure over the document; the views subscribe through useVotes.
 */
import {
  notesMap,
  readMeta,
  readNote,
  readVote,
  type VoteState,
  votesMap,
} from '@sensemaking/shared'
import * as Y from 'yjs'

export interface VoteSnapshot {
  vote: VoteState
  /** Dots per live note, summed over voters [F5.2]. */
  totals: ReadonlyMap<string, number>
  /** This person's dots per live note. */
  mine: ReadonlyMap<string, number>
  /** This person's dots on live notes: a deleted note gives its dots back. */
  used: number
  /** How many people placed at least one dot. */
  voters: number
}

/** Read the vote and the dots of the board, from `voterId`'s point of view. */
export function readVoteSnapshot(doc: Y.Doc, voterId: string): VoteSnapshot {
  const meta = readMeta(doc)
  const notes = notesMap(doc)
  const totals = new Map<string, number>()
  const mine = new Map<string, number>()
  const people = new Set<string>()
  let used = 0
  votesMap(doc).forEach((perVoter, noteId) => {
    if (!(perVoter instanceof Y.Map)) return
    const note = readNote(noteId, notes.get(noteId), meta).note
    if (!note || note.deletedAt !== null) return
    let total = 0
    perVoter.forEach((n, voter) => {
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) return
      const dots = Math.floor(n)
      total += dots
      people.add(voter)
      if (voter === voterId) {
        mine.set(noteId, dots)
        used += dots
      }
    })
    if (total > 0) totals.set(noteId, total)
  })
  return { vote: readVote(doc), totals, mine, used, voters: people.size }
}

/** Dots this person may still place (0 when no vote is open). */
export function dotsLeft(s: VoteSnapshot): number {
  return s.vote.status === 'open' ? Math.max(0, s.vote.dotsPerPerson - s.used) : 0
}

/**
 * The new number of this person's dots on a note after adding (+1) or taking back (-1) one,
 * or null when not allowed: only while the vote is open, never past N in total, never below 0.
 */
export function nextDots(s: VoteSnapshot, noteId: string, delta: 1 | -1): number | null {
  if (s.vote.status !== 'open') return null
  const have = s.mine.get(noteId) ?? 0
  if (delta === 1 && dotsLeft(s) < 1) return null
  if (delta === -1 && have < 1) return null
  return have + delta
}

/** The notes with the most dots, most first (ties: by id, so every screen agrees). */
export function ranking(s: VoteSnapshot, max = 5): Array<{ noteId: string; dots: number }> {
  return [...s.totals]
    .map(([noteId, dots]) => ({ noteId, dots }))
    .sort((a, b) => b.dots - a.dots || a.noteId.localeCompare(b.noteId))
    .slice(0, max)
}
