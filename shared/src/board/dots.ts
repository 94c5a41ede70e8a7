/**
 * Dot-vote figures over the board's votes [F5] as read (`readVotes`), for every view and the
 * server alike. One rule for deleted notes [F5.4]: dots count on live notes only.
 */

/** note id → voter id → dots (positive whole numbers [F5.1]). */
export type VoteMap = ReadonlyMap<string, ReadonlyMap<string, number>>

/** Tells whether a note id names a live note (soft-deleted and unknown notes are not). */
export type LiveNote = (noteId: string) => boolean

/** The dots `voterId` has on live notes [F5.4]. */
export function dotsUsed(votes: VoteMap, live: LiveNote, voterId: string): number {
  let used = 0
  for (const [noteId, perVoter] of votes) {
    const n = perVoter.get(voterId)
    if (n !== undefined && n > 0 && live(noteId)) used += n
  }
  return used
}

/** The dots a person may still place: none unless a vote is open, never below 0 [F5.4]. */
export function dotsLeft(vote: { status: string; dotsPerPerson?: number }, used: number): number {
  if (vote.status !== 'open' || vote.dotsPerPerson === undefined) return 0
  return Math.max(0, vote.dotsPerPerson - used)
}

/** Dots per live note, summed over voters [F5.2]; notes without dots are left out. */
export function dotTotals(votes: VoteMap, live: LiveNote): Map<string, number> {
  const out = new Map<string, number>()
  for (const [noteId, perVoter] of votes) {
    if (!live(noteId)) continue
    let total = 0
    for (const n of perVoter.values()) if (n > 0) total += n
    if (total > 0) out.set(noteId, total)
  }
  return out
}

/** How many people have at least one dot on a live note. */
export function voterCount(votes: VoteMap, live: LiveNote): number {
  const people = new Set<string>()
  for (const [noteId, perVoter] of votes) {
    if (!live(noteId)) continue
    for (const [voter, n] of perVoter) if (n > 0) people.add(voter)
  }
  return people.size
}
