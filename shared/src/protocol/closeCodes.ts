/**
 * Every WebSocket close code the server sends, in one table both ends read: the server closes
 * with these, the client explains them and decides what to do from `retries`.
 *
 * y-websocket 3 clients stop reconnecting on 4400–4499 and retry on everything else
 * (4500–4599 is the matching "try again later" range). So a code in 44xx means "reconnecting
 * cannot fix this" (a bad link, a malformed message), anything else means "come back".
 * `retries` says which of the two a code is; a test checks it against that rule.
 */

/** One close code: its number, the reason sent with it, and whether the client reconnects. */
export interface CloseSpec {
  readonly code: number
  readonly reason: string
  /** The client reconnects after it by itself (y-websocket's rule: not 4400–4499). */
  readonly retries: boolean
}

export const CLOSE = {
  /** SIGTERM/SIGINT: the server is going down and will be back. */
  shuttingDown: { code: 1012, reason: 'Server restarting', retries: true },
  /** A fault of the server while taking a write: the board was reloaded from storage [G10]. */
  internalError: { code: 1011, reason: 'Server error, try again', retries: true },
  /** Over a budget of this connection, its board or the server [G6]. */
  rateLimited: { code: 1013, reason: 'Rate limited, try again later', retries: true },
  /** A message the server cannot decode, or an update with missing dependencies. */
  malformed: { code: 4400, reason: 'Malformed message', retries: false },
  /** Unknown board or a token that is not valid for it: the two look alike on purpose. */
  unauthorized: { code: 4401, reason: 'Unknown board or invalid link', retries: false },
  /** The link this connection used was rotated by a facilitator. */
  revoked: { code: 4403, reason: 'Link revoked', retries: false },
  /** One message larger than the configured maximum. */
  tooLarge: { code: 4413, reason: 'Message too large', retries: false },
  /**
   * A change the board does not take (a shape the format lacks, over a cap, structs under
   * another client's id) [G2]–[G5]: never applied, and sending it again cannot help.
   */
  refused: { code: 4422, reason: 'Change refused by the board', retries: false },
  /**
   * The client's copy belongs to an earlier epoch of the board [F10.3]: merging it would bring
   * the dropped history back. The client must carry its own changes over and start afresh.
   */
  rebased: { code: 4410, reason: 'Board rebased: open it again', retries: false },
  /** No seat for this connection [G8]: the client tries again with backoff. */
  boardFull: { code: 4529, reason: 'Board full, try again later', retries: true },
  /** The board could not be loaded (an unexpected storage error). */
  loadFailed: { code: 4500, reason: 'Board could not be loaded, retrying', retries: true },
  /**
   * An update waited too long (or held too many bytes) for the structs it builds on, or overlaps
   * the end of what the server holds: reconnecting runs a full sync exchange, whose catch-up
   * starts exactly at the server's state.
   */
  outOfSync: { code: 4509, reason: 'Out of sync, reconnecting', retries: true },
  /** Writing to disk failed: the board is read-only until storage recovers. */
  storageUnavailable: { code: 4503, reason: 'Board storage unavailable, retrying', retries: true },
} as const satisfies Record<string, CloseSpec>

export type CloseName = keyof typeof CLOSE

/** True when a y-websocket 3 client reconnects after this code (the library's own rule). */
export function clientRetries(code: number): boolean {
  return !(code >= 4400 && code < 4500)
}

/**
 * The name of a close code the server sends, or null for any other code (the browser's own,
 * 1006 for a dropped connection, say). Codes shared by two names (1013) give the first.
 */
export function closeNameOf(code: number): CloseName | null {
  for (const [name, spec] of Object.entries(CLOSE)) {
    if (spec.code === code) return name as CloseName
  }
  return null
}

/**
 * True when the client must not reconnect by itself after `code`: a code of ours that says so,
 * or any other code in the range y-websocket gives up on.
 */
export function closeIsFinal(code: number): boolean {
  const name = closeNameOf(code)
  return name ? !CLOSE[name].retries : !clientRetries(code)
}
