/**
 * Which author a request speaks for: the one place that decides it [F13.9].
 *
 * A note's author id is public (every replica of the board holds it), so the id alone proves
 * nothing. A person the server knows [F14.1] proves their id with the credential it signed,
 * carried in the `X-Person` header; a device without one (it wrote before the server answered,
 * or before people existed) proves the author id derived from the secret key it keeps, carried
 * in `X-Author-Key`. A request speaks for the id one of them proves, never for an id it names;
 * the credential wins when both are valid, since new notes carry the person's id.
 *
 * Neither the credential nor the key is stored or logged.
 */
import type { IncomingMessage } from 'node:http'
import { AUTHOR_KEY_HEADER, authorIdFromKey, isAuthorKey, PERSON_HEADER } from '@sensemaking/shared'
import type { People } from './people'

/** The author id a request speaks for, or null when it carries no valid credential or key. */
export function requestAuthor(req: IncomingMessage, people: People): string | null {
  const credential = req.headers[PERSON_HEADER.toLowerCase()]
  const person = typeof credential === 'string' ? people.read(credential) : null
  if (person) return person.id
  const key = req.headers[AUTHOR_KEY_HEADER.toLowerCase()]
  return isAuthorKey(key) ? authorIdFromKey(key) : null
}
