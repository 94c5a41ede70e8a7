/** The other people on the board, from awareness, re-read at most `everyMs`. */
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { throttle } from '../lib/throttle'
import { type Person, readPeople } from './presence'

export function usePeople(awareness: Awareness, everyMs = 250): Person[] {
  const [people, setPeople] = useState<Person[]>(() =>
    readPeople(awareness.getStates(), awareness.clientID),
  )
  useEffect(() => {
    const update = throttle(
      () => setPeople(readPeople(awareness.getStates(), awareness.clientID)),
      everyMs,
    )
    awareness.on('change', update)
    update()
    return () => {
      awareness.off('change', update)
      update.cancel()
    }
  }, [awareness, everyMs])
  return people
}
