/**
 * Keeps this device's drafts in step with the board [F8.3]: writes them once the board shows
 * their round revealed (on any change of the board map, on each sync with the server, e.g.
 * after being offline at the reveal, and at once on opening), publishes how many drafts this
 * person holds in awareness (`drafts`), never their text, and settles freshly revealed notes
 * that landed on another writer's at the same moment.
 */
import { PRESENCE, whyNotPost } from '@sensemaking/shared'
import { useEffect } from 'react'
import type { BoardContextValue } from '../board/BoardContext'
import { policyOf } from '../board/selectors'
import { setPresence } from '../board/setPresence'
import { throttle } from '../lib/throttle'
import { draftStoreFor } from './draftStore'
import { dueDrafts, REVEAL_ORIGIN, settleNotes, writeDrafts } from './reveal'

/** How long after a reveal this client watches its revealed notes for collisions. */
const SETTLE_MS = 30_000

export function useRevealDrafts(
  board: Pick<
    BoardContextValue,
    'doc' | 'provider' | 'awareness' | 'boardId' | 'role' | 'user' | 'store'
  >,
): void {
  const { doc, provider, awareness, boardId, role, user, store: boardStore } = board

  useEffect(() => {
    const store = draftStoreFor(boardId)
    const revealed = new Set<string>()
    let settleUntil = 0

    const settle = () => {
      if (revealed.size === 0) return
      if (Date.now() > settleUntil) {
        revealed.clear()
        return
      }
      settleNotes(doc, revealed, { origin: REVEAL_ORIGIN })
    }
    const settleSoon = throttle(settle, 250)

    const reveal = () => {
      // A participant's notes on a locked board would be refused: keep them until unlocked.
      const policy = policyOf({
        meta: boardStore.currentMeta(),
        vote: boardStore.get().vote,
      })
      if (whyNotPost({ role, person: user.id }, policy) !== null) return
      const due = dueDrafts(store.list(), boardStore.currentPrivateWriting())
      if (due.length === 0) return
      let r: ReturnType<typeof writeDrafts>
      try {
        r = writeDrafts(doc, due, { origin: REVEAL_ORIGIN })
      } catch (e) {
        // Keep the drafts: the next change of the board tries again.
        console.error('Revealing private notes failed', e)
        return
      }
      store.remove(r.done)
      if (r.written.length > 0) {
        for (const id of r.written) revealed.add(id)
        settleUntil = Date.now() + SETTLE_MS
      }
    }

    const onSync = (synced: boolean) => {
      if (!synced) return
      reveal()
      settle()
    }
    const unsubscribe = store.subscribe(reveal)
    const unfollow = boardStore.onChange((c) => {
      if (c.board) reveal()
      if (c.notes.size > 0 && !c.local && revealed.size > 0) settleSoon()
    })
    provider.on('sync', onSync)
    reveal()
    return () => {
      unsubscribe()
      unfollow()
      provider.off('sync', onSync)
      settleSoon.cancel()
    }
  }, [doc, provider, boardId, role, user.id, boardStore])

  // The count, never the text: the facilitator sees who is still writing.
  useEffect(() => {
    const store = draftStoreFor(boardId)
    let last = -1
    const publish = () => {
      const n = store.list().length
      if (n === last || awareness.getLocalState() === null) return
      last = n
      setPresence(awareness, PRESENCE.drafts, n)
    }
    publish()
    // The user field is set by the connection in an effect of its own: publish after it too.
    const onChange = () => publish()
    awareness.on('change', onChange)
    const unsubscribe = store.subscribe(publish)
    return () => {
      unsubscribe()
      awareness.off('change', onChange)
    }
  }, [awareness, boardId])
}
