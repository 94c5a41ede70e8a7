/**
 * A person as the server knows them [F14]: an id it issued, the name and city they gave, and the
 * credential that proves it, kept on their device. The server signs the credential; the
 * browser only stores it and presents it (`personProtocol`).
 */

/** Longest name or city kept [F14.1]. */
export const PERSON_FIELD_MAX = 60

/** Longest credential worth reading; anything longer is refused outright. */
export const MAX_CREDENTIAL_LENGTH = 1024

/** Trim and fold white space, NFC, cut at `max` [F14.1]: how names and cities are kept. */
export function cleanPersonField(value: string, max = PERSON_FIELD_MAX): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ').slice(0, max)
}

/** The HTTP header that carries a person's credential where a request speaks for them [F13.9]. */
export const PERSON_HEADER = 'X-Person'

/** The offered subprotocol that carries a person's credential (base64url and dots: valid there). */
const PERSON_PREFIX = 'person.'

/** The subprotocol that presents `credential` to the sync endpoint [F14.2]. */
export function personProtocol(credential: string): string {
  return `${PERSON_PREFIX}${credential}`
}

/** The credential a `Sec-WebSocket-Protocol` header carries, or null. */
export function credentialFromProtocols(header: string | undefined): string | null {
  if (!header) return null
  for (const p of header.split(',')) {
    const v = p.trim()
    if (v.startsWith(PERSON_PREFIX)) return v.slice(PERSON_PREFIX.length) || null
  }
  return null
}
