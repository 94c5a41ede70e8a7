/**
 * The transaction origin of facilitation writes (phase, timer, vote, locks, broadcast,
 * summon). It is not one of the undo manager's origins [F8.7]: pressing undo never unlocks
 * the board or a note, stops the timer or closes a vote.
 */
export const FACILITATION_ORIGIN = { name: 'facilitation' } as const
