/**
 * Every WebSocket close code the server sends, in one table.
 *
 * y-websocket 3 clients stop reconnecting on 4400–4499 and retry on everything else
 * (4500–4599 is the matching "try again later" range). So a code in 44xx means "reconnecting
 * cannot fix this" (a bad link, a malformed message), anything else means "come back".
 */
export const CLOSE = {
  /** SIGTERM/SIGINT: the server is going down and will be back. */
  shuttingDown: { code: 1012, reason: 'Server restarting', retry: true },
  /** Too many messages per second from this connection. */
  rateLimited: { code: 1013, reason: 'Rate limited, try again later', retry: true },
  /** The connection cannot keep up with the board (its send buffer grew too large). */
  overloaded: { code: 1013, reason: 'Overloaded, try again later', retry: true },
  /** A message the server cannot decode, or an update with missing dependencies. */
  malformed: { code: 4400, reason: 'Malformed message', retry: false },
  /** Unknown board or a token that is not valid for it: the two look alike on purpose. */
  unauthorized: { code: 4401, reason: 'Unknown board or invalid link', retry: false },
  /** The link this connection used was rotated by a facilitator. */
  revoked: { code: 4403, reason: 'Link revoked', retry: false },
  /** One message larger than the configured maximum. */
  tooLarge: { code: 4413, reason: 'Message too large', retry: false },
  /**
   * The client's copy belongs to an earlier epoch of the board [F10.3]: merging it would bring
   * the dropped history back. The client must carry its own changes over and start afresh.
   */
  rebased: { code: 4410, reason: 'Board rebased: open it again', retry: false },
  /** The board has its maximum number of connections. */
  boardFull: { code: 4429, reason: 'Board full', retry: false },
  /** The board could not be loaded (an unexpected storage error). */
  loadFailed: { code: 4500, reason: 'Board could not be loaded, retrying', retry: true },
  /**
   * An update waited too long (or held too many bytes) for the structs it builds on, or overlaps
   * the end of what the server holds: reconnecting runs a full sync exchange, whose catch-up
   * starts exactly at the server's state.
   */
  outOfSync: { code: 4509, reason: 'Out of sync, reconnecting', retry: true },
  /** Writing to disk failed: the board is read-only until storage recovers. */
  storageUnavailable: { code: 4503, reason: 'Board storage unavailable, retrying', retry: true },
} as const

export type CloseName = keyof typeof CLOSE
export type CloseSpec = (typeof CLOSE)[CloseName]

/** True when a y-websocket 3 client reconnects after this code. */
export function clientRetries(code: number): boolean {
  return !(code >= 4400 && code < 4500)
}
