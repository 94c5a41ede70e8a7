/**
 * How the board's own client hands its link token to the sync endpoint without putting it in
 * the URL (where proxies and access logs keep it): as a WebSocket subprotocol, next to the
 * protocol name the server selects. Standard y-websocket clients keep using `?token=`.
 */

/** The subprotocol the server selects for the board's own client. */
export const SYNC_PROTOCOL = 'sensemaking.v1'

/** The offered subprotocol that carries the token (tokens are base64url: valid there). */
const TOKEN_PREFIX = 'token.'

/** The subprotocols a client offers to open a board with `token`. */
export function syncProtocols(token: string): string[] {
  return [SYNC_PROTOCOL, `${TOKEN_PREFIX}${token}`]
}

/** The token a `Sec-WebSocket-Protocol` header carries, or null. */
export function tokenFromProtocols(header: string | undefined): string | null {
  if (!header) return null
  for (const p of header.split(',')) {
    const v = p.trim()
    if (v.startsWith(TOKEN_PREFIX)) return v.slice(TOKEN_PREFIX.length) || null
  }
  return null
}
