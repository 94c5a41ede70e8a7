/** Writing this client's presence: one field at a time, typed by the shared table [P1.3]. */
import type { PresenceFields } from '@sensemaking/shared'
import type { Awareness } from 'y-protocols/awareness'

export function setPresence<K extends keyof PresenceFields>(
  awareness: Awareness,
  key: K,
  value: PresenceFields[K],
): void {
  awareness.setLocalStateField(key, value)
}
