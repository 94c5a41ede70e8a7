/** A message the server refuses as malformed: its connection is closed with CLOSE.malformed. */
export class MalformedMessage extends Error {
  constructor(
    message: string,
    /** The metrics label of the reason. */
    readonly reason: string = 'malformed',
  ) {
    super(message)
    this.name = 'MalformedMessage'
  }
}

/**
 * An update that builds on structs the server does not hold yet. A client that edits the moment
 * its socket reopens sends such an update before its catch-up sync step 2; the room holds it
 * until the gap is filled rather than refusing it.
 */
export class MissingDependencies extends MalformedMessage {
  constructor(message: string) {
    super(message, 'missing-deps')
    this.name = 'MissingDependencies'
  }
}
