/**
 * The person using this device: the name and city they typed, the person id and credential the
 * server issued for them [F13.1], and the secret author key the device made once [F13.9],
 * remembered in localStorage so the next board does not ask again and a reload is the same
 * person. Until the server has answered once (a first visit while offline), the id is the one
 * derived from the key. The credential (or, without one, the key) proves to the server that a
 * request for "my notes" comes from their writer; neither goes anywhere else.
 */
import { authorIdFromKey, cleanPersonField, isAuthorKey, newAuthorKey } from '@sensemaking/shared'

export interface LocalUser {
  /** The author id on every note and dot this device writes. */
  id: string
  name: string
  city: string
  /** The server's credential for this person; '' until it has issued one [F14.1]. */
  credential: string
  /** The name and city the credential was signed with (`name\ncity`), to sign again after a change. */
  signed: string
  /**
   * The secret the device's first id is derived from; absent on a device whose id was made
   * before keys (its notes are erased by a facilitator, or through its credential).
   */
  key?: string
}

/** What the credential must say for this user: their name and city as they stand. */
export const signatureOf = (u: Pick<LocalUser, 'name' | 'city'>) => `${u.name}\n${u.city}`

const KEY = 'sensemaking:user'

/** A new author key and the id it proves. */
export function newIdentity(fill: (bytes: Uint8Array) => void = (b) => crypto.getRandomValues(b)): {
  id: string
  key: string
} {
  const key = newAuthorKey(fill)
  return { id: authorIdFromKey(key), key }
}

/** How a request for "my notes" proves whose they are: the person's credential, or the key. */
export type AuthorProof = { credential: string } | { key: string }

/**
 * What proves this device's author to the server, or null when nothing can: the credential of
 * the person the server knows [F13.1], else the key its id is derived from [F13.9].
 */
export function authorProof(u: Pick<LocalUser, 'id' | 'key' | 'credential'>): AuthorProof | null {
  if (u.credential !== '') return { credential: u.credential }
  if (u.key !== undefined && authorIdFromKey(u.key) === u.id) return { key: u.key }
  return null
}

/** Parse what localStorage holds; anything unreadable gives a fresh identity and no name. */
export function parseUser(
  raw: string | null,
  makeIdentity: () => { id: string; key: string } = newIdentity,
): LocalUser {
  const fresh = (): LocalUser => ({
    ...makeIdentity(),
    name: '',
    city: '',
    credential: '',
    signed: '',
  })
  try {
    const v = raw ? (JSON.parse(raw) as Partial<LocalUser>) : {}
    if (typeof v.id !== 'string' || v.id.length < 4) {
      return {
        ...fresh(),
        name: typeof v.name === 'string' ? v.name : '',
        city: typeof v.city === 'string' ? v.city : '',
      }
    }
    const user: LocalUser = {
      id: v.id,
      name: typeof v.name === 'string' ? v.name : '',
      city: typeof v.city === 'string' ? v.city : '',
      credential: typeof v.credential === 'string' ? v.credential : '',
      signed: typeof v.signed === 'string' ? v.signed : '',
    }
    if (isAuthorKey(v.key)) user.key = v.key
    return user
  } catch {
    return fresh()
  }
}

export function loadUser(storage: Pick<Storage, 'getItem' | 'setItem'> | null): LocalUser {
  let raw: string | null = null
  try {
    raw = storage?.getItem(KEY) ?? null
  } catch {
    raw = null
  }
  const user = parseUser(raw)
  saveUser(storage, user)
  return user
}

export function saveUser(storage: Pick<Storage, 'setItem'> | null, user: LocalUser): void {
  try {
    storage?.setItem(KEY, JSON.stringify(user))
  } catch {
    // Storage may be full or refused; the name is asked again next time.
  }
}

/** Trim and fold white space; names and cities are short (as the server keeps them). */
export const cleanField = cleanPersonField

/** WCAG relative luminance of an HSL colour (s and l in 0–1). */
function luminanceOfHsl(h: number, s: number, l: number): number {
  const a = s * Math.min(l, 1 - l)
  const channel = (n: number) => {
    const k = (n + h / 30) % 12
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(0) + 0.7152 * channel(8) + 0.0722 * channel(4)
}

/** White initials and names sit on a person's colour: at least this contrast (WCAG AA). */
export const WHITE_TEXT_CONTRAST = 4.5

/**
 * A person's colour for cursors, avatars and the people list, stable for their id: a hue of
 * their own, as light as it can be while white text on it keeps WHITE_TEXT_CONTRAST.
 */
export function userColor(id: string): string {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0
  const hue = h % 360
  let light = 42
  while (light > 20 && 1.05 / (luminanceOfHsl(hue, 0.7, light / 100) + 0.05) < WHITE_TEXT_CONTRAST)
    light--
  return `hsl(${hue} 70% ${light}%)`
}
