/**
 * Author ids a device can prove [F13.9]. Every note carries its author's id, so anyone on the
 * board can read it: an id alone proves nothing. A device therefore keeps a secret key and
 * derives its public id from it; a request for "my data" carries the key, and the server
 * derives the id itself. An id made before keys (a random one) derives from no key and cannot
 * be proven: such a person's notes are erased by a facilitator.
 *
 * SHA-256 from lib0, not WebCrypto: a board served over plain http on a room's network is not
 * a secure context, where `crypto.subtle` is missing.
 */
import { digest } from 'lib0/hash/sha256'
import { encodeUtf8 } from 'lib0/string'

/** A key: 32 random bytes, base64url without padding. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/
/** 32 symbols (no l, 0, 1, 9), so a 5-bit group is one character. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyz2345678'
/** 16 characters: 80 bits of the hash. */
const ID_CHARS = 16
const DOMAIN = 'sensemaking-author-v1:'

/** True when `key` has the shape of an author key. */
export function isAuthorKey(key: unknown): key is string {
  return typeof key === 'string' && KEY_PATTERN.test(key)
}

/** The public author id of a key: `u-` and 16 characters of its SHA-256 [F13.9]. */
export function authorIdFromKey(key: string): string {
  const hash = digest(encodeUtf8(DOMAIN + key))
  let id = 'u-'
  let bits = 0
  let value = 0
  for (const byte of hash) {
    value = ((value << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5 && id.length < ID_CHARS + 2) {
      id += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    if (id.length === ID_CHARS + 2) break
  }
  return id
}

/** A new key from `random` bytes (the browser's or node's `crypto.getRandomValues`). */
export function newAuthorKey(fill: (bytes: Uint8Array) => void): string {
  const bytes = new Uint8Array(32)
  fill(bytes)
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 6) {
      out += b64[(value >>> (bits - 6)) & 63]
      bits -= 6
    }
  }
  if (bits > 0) out += b64[(value << (6 - bits)) & 63]
  return out
}
