/**
 * The board's client sends only its own presence [P1.4]: its state's changes and its own
 * removal, never the states of others it applied nor their removal on a timeout or a lost
 * connection. y-websocket 3.1's provider sends every awareness change it applies, so each
 * cursor broadcast the server sends to a board of M people came back M−1 times, and a tab
 * whose timers were throttled sent other people's removals.
 *
 * After a dropped connection the presence comes back at once [P1.5]. The server removed this
 * tab's state with the connection at the clock it had, and this tab removed the others' at
 * theirs; y-protocols takes a state only at a newer clock, so the provider's announcement on
 * opening and the server's states sent to a newcomer were both ignored, and people were
 * missing from each other's screens until their next renewal (up to 15 s) or move.
 *
 * Reaches into y-websocket beyond its API, all here: the provider's `_awarenessUpdateHandler`,
 * the listener its constructor puts on the awareness's 'update' event and `destroy()` takes
 * off. Called with a change list, it sends those clients' states through the provider's own
 * `broadcastMessage` (the socket and, unless `disableBc`, the browser's other tabs), so the
 * filtered listener keeps the provider's encoding and paths. And what the provider does with a
 * connection: on a close it removes the others' states before it reports 'disconnected', on
 * opening it sends the local state at its clock. From y-protocols' Awareness: `meta`, the clock
 * of every client it heard of, kept after a removal. Written against y-websocket 3.1.0 and
 * y-protocols 1.0.7; `ownPresence.test.ts` pins those versions and checks these in their source.
 */
import type { WebsocketProvider } from 'y-websocket'

/** The y-websocket and y-protocols internals this module reads, by name. */
export const Y_WEBSOCKET_INTERNALS = {
  /** The versions these names were checked against. */
  version: '3.1.0',
  yProtocolsVersion: '1.0.7',
  /** The provider's awareness 'update' listener, taken off by `destroy()`. */
  awarenessHandler: '_awarenessUpdateHandler',
  /** The awareness's clock of each client (y-protocols), kept after a removal. */
  clocks: 'meta',
} as const

/** An awareness 'update' event's change list (y-protocols), as the provider's listener takes it. */
export interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

type AwarenessHandler = (changes: AwarenessChanges, origin: unknown) => void

/** The part of `changes` that is client `own`'s; null when none is (nothing to send). */
export function ownChanges(changes: AwarenessChanges, own: number): AwarenessChanges | null {
  const added = changes.added.filter((id) => id === own)
  const updated = changes.updated.filter((id) => id === own)
  const removed = changes.removed.filter((id) => id === own)
  return added.length + updated.length + removed.length > 0 ? { added, updated, removed } : null
}

const filtered = new WeakSet<AwarenessHandler>()

/**
 * Make `provider` send only its own awareness client's changes [P1.4]: its listener is
 * replaced by one that passes it those alone, and set as the provider's, so `destroy()` takes
 * it off. Calling it again changes nothing.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const key = Y_WEBSOCKET_INTERNALS.awarenessHandler
  const send: AwarenessHandler = provider[key]
  if (filtered.has(send)) return
  const { awareness } = provider
  const own = awareness.clientID
  const onlyOwn: AwarenessHandler = (changes, origin) => {
    const mine = ownChanges(changes, own)
    if (mine) send(mine, origin)
  }
  filtered.add(onlyOwn)
  awareness.off('update', send)
  awareness.on('update', onlyOwn)
  provider[key] = onlyOwn
}

/**
 * When the connection drops while the provider means to come back [P1.5]: renew the local
 * state's clock (nothing is sent, the socket is gone), so the provider's announcement on
 * opening carries a clock the server has not seen; and forget the clocks of the others' states
 * the provider removed, so the states the server sends on opening are taken whatever their
 * clock. The listener goes with the provider's others on `destroy()`.
 */
export function refreshPresenceOnReconnect(provider: WebsocketProvider): void {
  const { awareness } = provider
  const clocks = awareness[Y_WEBSOCKET_INTERNALS.clocks]
  provider.on('status', ({ status }) => {
    if (status !== 'disconnected' || !provider.shouldConnect) return
    for (const id of [...clocks.keys()]) {
      if (id !== awareness.clientID && !awareness.states.has(id)) clocks.delete(id)
    }
    const state = awareness.getLocalState()
    if (state !== null) awareness.setLocalState(state)
  })
}
