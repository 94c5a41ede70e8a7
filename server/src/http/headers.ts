/**
 * Headers every answer carries [G11]: no MIME sniffing, no framing, no referrer; and the
 * Content-Security-Policy of the client's pages. The pages load only the server's own scripts,
 * styles, fonts and images (tldraw's assets are bundled), connect only to the server and its
 * sync socket, and may not be framed.
 */
import type { ServerResponse } from 'node:http'

/**
 * The policy of the client's pages. tldraw sets styles on elements, draws images from data and
 * blob URLs (pasted images, exports) and reads its bundled translations from a data URL;
 * nothing is loaded from anywhere but the server.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws: wss: data: blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** The policy of every other answer (JSON, files, downloads): nothing runs in it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'"

/** Set the headers every answer carries; pages replace the CSP with PAGE_CSP. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('referrer-policy', 'no-referrer')
  res.setHeader('content-security-policy', API_CSP)
}
