/** Rebasing a board: a fresh copy without history, and carrying a stale replica's changes over. */
export * from './copy'
export * from './patch'
