/**
 * This device's person as the server knows them [F14.1]: once a name (and a city) is known, the
 * server is asked for a credential (again after the name or city changed, keeping the same
 * person), and the answer is kept on the device. A device that cannot reach the server goes on
 * without one: its first note then makes it the author it names, for that connection [F14.3].
 */
import { useEffect, useState } from 'react'
import { signPerson } from '../lib/api'
import { useUiStore } from './uiStore'
import { signatureOf } from './user'

/**
 * The credential to connect with: the device's ('' when the server could not be asked: a
 * connection of its own), or null until the first answer. After a new name or city the earlier
 * credential serves until the new one arrives.
 */
export function usePerson(): string | null {
  const user = useUiStore((s) => s.user)
  const setUser = useUiStore((s) => s.setUser)
  const current = user.credential !== '' && user.signed === signatureOf(user)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    // The city may be empty: facilitators and observers may leave it out.
    if (current || user.name === '') return
    let gone = false
    signPerson(user.name, user.city, user.credential || undefined).then(
      (p) => {
        if (gone) return
        setUser({
          id: p.id,
          name: p.name,
          city: p.city,
          credential: p.credential,
          signed: signatureOf(p),
        })
      },
      () => {
        if (!gone) setFailed(true)
      },
    )
    return () => {
      gone = true
    }
  }, [current, user.name, user.city, user.credential, setUser])

  if (user.credential !== '') return user.credential
  return failed ? '' : null
}
