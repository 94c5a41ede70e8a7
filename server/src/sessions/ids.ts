import { randomBytes } from 'node:crypto'

// No 0/o, 1/l/i: ids are read aloud and typed from screens.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A random id of `length` characters (about 5 bits each). Ids name things; tokens guard them. */
export function newId(length = 12): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length]
  return out
}
