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
