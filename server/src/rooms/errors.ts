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
 * An update whose struct starts inside a range the server holds and runs past it. A client
 * whose catch-up was computed against an older state vector can send one (a bot that writes
 * text without other keys, racing its own live updates after a reconnect); so can a replica
 * that shares another's client id, whose tail would be integrated beside the wrong item. The
 * server cannot tell the two apart cheaply, so it applies nothing and closes the connection
 * with a retryable code: a reconnect's catch-up starts exactly at the server's state.
 */
export class OutOfSyncUpdate extends MalformedMessage {
  constructor(message: string) {
    super(message, 'out-of-sync')
    this.name = 'OutOfSyncUpdate'
  }
}
