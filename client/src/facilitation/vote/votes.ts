/**
 * Dot voting as one person sees it [F5, F8.2]: the vote's state, their own dots and the totals,
 * from the board's read model with the shared rule for deleted notes [F5.4], and whether a dot
 * may go on or come off, asked of the shared policy [F12.12–F12.14].
 */
import {
  type Actor,
  dotsLeft as dotsLeftOf,
  dotsUsed,
  dotTotals,
  type PolicyState,
  type VoteState,
  voterCount,
  whyNotVote,
} from '@sensemaking/shared'
import type { BoardState } from '../../board/boardStore'
import { liveIn } from '../../board/selectors'

export interface VoteSnapshot {
  vote: VoteState
  /** Dots per live note, summed over voters [F5.2]. */
  totals: ReadonlyMap<string, number>
  /** This person's dots per live note. */
  mine: ReadonlyMap<string, number>
  /** This person's dots on live notes: a deleted note gives its dots back [F5.4]. */
  used: number
  /** How many people placed at least one dot. */
  voters: number
  /** Notes that have a vote map (made with the note [F5.3]). */
  maps: ReadonlySet<string>
}

type VoteInput = Pick<BoardState, 'notes' | 'votes' | 'vote'>
type Votes = BoardState['votes']

/**
 * Per votes map (a new one only when dots change): the notes that have a vote map, and the
 * entries holding dots. Every note has a map, most of them empty; the dots are few.
 */
const byVotes = new WeakMap<Votes, { maps: ReadonlySet<string>; dotted: Votes }>()
function indexOf(votes: Votes) {
  let hit = byVotes.get(votes)
  if (!hit) {
    const dotted = new Map<string, ReadonlyMap<string, number>>()
    for (const [noteId, perVoter] of votes) if (perVoter.size > 0) dotted.set(noteId, perVoter)
    hit = { maps: new Set(votes.keys()), dotted }
    byVotes.set(votes, hit)
  }
  return hit
}

function read(s: VoteInput, voterId: string): VoteSnapshot {
  const live = liveIn(s.notes)
  const { maps, dotted } = indexOf(s.votes)
  const mine = new Map<string, number>()
  for (const [noteId, perVoter] of dotted) {
    const n = perVoter.get(voterId)
    if (n !== undefined && live(noteId)) mine.set(noteId, n)
  }
  return {
    vote: s.vote,
    totals: dotTotals(dotted, live),
    mine,
    used: dotsUsed(dotted, live, voterId),
    voters: voterCount(dotted, live),
    maps,
  }
}

/** What a view shows of a snapshot; the vote maps are compared by identity. */
const keyOf = (s: VoteSnapshot) => JSON.stringify([s.vote, [...s.totals], [...s.mine], s.voters])

const memo = new Map<string, { input: VoteInput; key: string; snapshot: VoteSnapshot }>()

/**
 * The vote as `voterId` sees it in this state. Unchanged dots keep the same object even while
 * notes change (people typing), so the dot controls on every sticky are not drawn again.
 */
export function voteSnapshot(s: VoteInput, voterId: string): VoteSnapshot {
  const hit = memo.get(voterId)
  if (
    hit &&
    hit.input.votes === s.votes &&
    hit.input.notes === s.notes &&
    hit.input.vote === s.vote
  ) {
    return hit.snapshot
  }
  const next = read(s, voterId)
  const key = keyOf(next)
  const snapshot = hit && hit.key === key && hit.snapshot.maps === next.maps ? hit.snapshot : next
  memo.set(voterId, { input: s, key, snapshot })
  return snapshot
}

/** Dots this person may still place (0 when no vote is open) [F5.4]. */
export function dotsLeft(s: VoteSnapshot): number {
  return dotsLeftOf(s.vote, s.used)
}

/**
 * This person's dots on a note after adding (+1) or taking back (-1) one, or null when the
 * policy refuses it (no open vote, no dots left, none to take back, a locked board, an observer).
 */
export function nextDots(
  actor: Actor,
  policy: PolicyState,
  s: VoteSnapshot,
  noteId: string,
  delta: 1 | -1,
): number | null {
  const have = s.mine.get(noteId) ?? 0
  if (have + delta < 0) return null
  const note = { id: noteId, hasVoteMap: s.maps.has(noteId) }
  const dots = { before: s.used, after: s.used + delta }
  return whyNotVote(actor, policy, note, dots) === null ? have + delta : null
}

/** The notes with the most dots, most first (ties: by id, so every screen agrees). */
export function ranking(s: VoteSnapshot, max = 5): Array<{ noteId: string; dots: number }> {
  return [...s.totals]
    .map(([noteId, dots]) => ({ noteId, dots }))
    .sort((a, b) => b.dots - a.dots || a.noteId.localeCompare(b.noteId))
    .slice(0, max)
}
