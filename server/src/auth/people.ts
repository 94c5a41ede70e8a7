/**
 * People the server knows [F14]: it issues a person id and signs it with the name and city they
 * gave, as a credential the device keeps and presents on every connection. Nothing is stored:
 * the credential is `p1.<base64url JSON [id, name, city]>.<HMAC-SHA256(serverSecret, "person|"
 * + payload)>`, so a renamed person gets a new credential with the same id. A connection that
 * presents none is a person of its own for that connection [F14.3].
 */
import { createHmac, randomBytes } from 'node:crypto'
import { cleanPersonField, MAX_CREDENTIAL_LENGTH } from '@sensemaking/shared'
import { tokensEqual } from './tokens'

/** Who writes, as the server knows them. */
export interface Person {
  id: string
  name: string
  city: string
  /** False for a connection without a credential: a person of its own [F14.3]. */
  signed: boolean
  /**
   * A connection without a credential, before its first note: it becomes the author its first
   * note names, if nobody on the board is that author yet [F14.3].
   */
  unclaimed?: boolean
  /** Notes a connection without a credential made on that connection: its own [F14.3]. */
  made?: Set<string>
}

const VERSION = 'p1'
const ID_LETTERS = 'abcdefghijkmnopqrstuvwxyz23456789'

/** A fresh id: `prefix` and 20 random letters (about 100 bits). */
function freshId(prefix: string): string {
  const bytes = randomBytes(20)
  let id = prefix
  for (const b of bytes) id += ID_LETTERS[b % ID_LETTERS.length]
  return id
}

/** Ids the server issues to people, and to connections without a credential. */
const PERSON_ID = /^(p|c)-[a-z0-9]{20}$/

/** True for an id of the form the server issues: nobody claims one by writing it [F14.3]. */
export const isIssuedId = (id: string) => PERSON_ID.test(id)

export class People {
  constructor(private readonly secret: Buffer) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.secret)
      .update(`person|${payload}`)
      .digest()
      .subarray(0, 24)
      .toString('base64url')
  }

  /**
   * A credential for `name` and `city`: for the person `credential` proves when it is valid
   * (a new name, the same id), else for a new person.
   */
  issue(name: string, city: string, credential?: string): { person: Person; credential: string } {
    const known = credential ? this.read(credential) : null
    return this.credentialFor(known?.id ?? freshId('p-'), name, city)
  }

  /** A credential for the person with `id` (an id this server issued). */
  credentialFor(id: string, name: string, city: string): { person: Person; credential: string } {
    const person: Person = {
      id,
      name: cleanPersonField(name),
      city: cleanPersonField(city),
      signed: true,
    }
    const payload = Buffer.from(JSON.stringify([person.id, person.name, person.city])).toString(
      'base64url',
    )
    return { person, credential: `${VERSION}.${payload}.${this.sign(payload)}` }
  }

  /** The person a credential proves, or null when it is not one this server signed. */
  read(credential: string | null | undefined): Person | null {
    if (!credential || credential.length > MAX_CREDENTIAL_LENGTH) return null
    const [version, payload, sig, extra] = credential.split('.')
    if (version !== VERSION || !payload || !sig || extra !== undefined) return null
    if (!tokensEqual(sig, this.sign(payload))) return null
    try {
      const v: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
      if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return null
      const [id, name, city] = v as [string, string, string]
      if (!PERSON_ID.test(id)) return null
      return { id, name, city, signed: true }
    } catch {
      return null
    }
  }

  /** A person of its own for one connection without a credential [F14.3]. */
  anonymous(): Person {
    return {
      id: freshId('c-'),
      name: '',
      city: '',
      signed: false,
      unclaimed: true,
      made: new Set(),
    }
  }
}
