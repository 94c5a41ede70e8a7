/**
 * Every Y.Map name and key of board document format v1 ([F1]–[F6], [F13], [F14] in SPEC.md).
 * No other file names a Y.Map key with a string literal.
 */

/** Root shared types of a board's Y.Doc [F1]. */
export const ROOT = {
  board: 'board',
  notes: 'notes',
  clusters: 'clusters',
  votes: 'votes',
  /** Ids of erased notes and themes → when [F13]; never their content. */
  erased: 'erased',
  /** Person id → the person id a facilitator merged it into on this board [F14.9]. */
  merged: 'merged',
} as const

/** Keys of `doc.getMap('board')` [F2]. */
export const BOARD = {
  title: 'title',
  formatVersion: 'formatVersion',
  template: 'template',
  columns: 'columns',
  tags: 'tags',
  phase: 'phase',
  locked: 'locked',
  sessionId: 'sessionId',
  sessionTitle: 'sessionTitle',
  /** Facilitation state [F8]. */
  timer: 'timer',
  vote: 'vote',
  privateWriting: 'privateWriting',
  broadcast: 'broadcast',
  summon: 'summon',
} as const

/** Keys of a note's Y.Map [F3]. */
export const NOTE = {
  text: 'text',
  column: 'column',
  lever: 'lever',
  city: 'city',
  author: 'author',
  authorId: 'authorId',
  x: 'x',
  y: 'y',
  clusterId: 'clusterId',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  deletedAt: 'deletedAt',
  /** Facilitation [F8.5]: a locked note is read-only for participants. */
  locked: 'locked',
  /** A kind id of the note's column, or null [F3.9]. */
  kind: 'kind',
  /** Provenance of a copy sent from another board [F11]: a plain object, or absent. */
  source: 'source',
} as const

/** Keys of a cluster's Y.Map [F4]. */
export const CLUSTER = {
  title: 'title',
  column: 'column',
  x: 'x',
  y: 'y',
  w: 'w',
  h: 'h',
  /** Facilitation [F8.5]. */
  locked: 'locked',
  /** Provenance of a theme sent from other boards [F11]: an array of plain objects, or absent. */
  sources: 'sources',
} as const

/** The format version this code writes and reads [F2]. */
export const FORMAT_VERSION = 1
