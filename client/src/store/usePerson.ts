/**
 * This device's person as the server knows them [F13.1]: once a name and city are known, the
 * server is asked for a credential (again after the name or city changed, keeping the same
 * person), and the answer is kept on the device. A device that cannot reach the server goes on
 * without one: its first note then makes it the author it names, for that connection [F13.3].
 */
import { useEffect, useState } from 'react'
import { signPerson } from '../lib/api'
import { useUiStore } from './uiStore'
import { signatureOf } from './user'

/** True once the device holds a credential for its name and city, or the server could not be asked. */
export function usePerson(): boolean {
  const user = useUiStore((s) => s.user)
  const setUser = useUiStore((s) => s.setUser)
  const current = user.credential !== '' && user.signed === signatureOf(user)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    if (current || user.name === '' || user.city === '') return
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

  // Offline with a credential for an earlier name: the board opens with it.
  return current || failed || (user.credential !== '' && !navigator.onLine)
}
