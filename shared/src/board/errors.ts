/** The one error type the accessors throw, with a code a view can map to a message. */
export const BOARD_ERROR = {
  unknownNote: 'unknown-note',
  unknownCluster: 'unknown-cluster',
  unknownColumn: 'unknown-column',
  unknownLever: 'unknown-lever',
  unknownKind: 'unknown-kind',
  badValue: 'bad-value',
  sameBoard: 'same-board',
  samePerson: 'same-person',
  alreadyMerged: 'already-merged',
} as const
export type BoardErrorCode = (typeof BOARD_ERROR)[keyof typeof BOARD_ERROR]

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'BoardError'
  }
}
