/**
 * One board's live document: a Y.Doc kept on the device by y-indexeddb and synced with
 * the server by the y-websocket provider, plus the connection state for the indicator.
 */
import {
  CLOSE,
  closeIsFinal,
  mergedMap,
  PRESENCE,
  personOnBoard,
  personProtocol,
  type Role,
  readMeta,
  syncProtocols,
} from '@sensemaking/shared'
import { useEffect, useMemo, useReducer, useState, useSyncExternalStore } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import { messageSync, WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { getBoardMe } from '../lib/api'
import { ApiError } from '../lib/http'
import type { BoardContextValue, BoardUser } from './BoardContext'
import { BoardStore } from './boardStore'
import {
  carryOverPatch,
  finishCarryOver,
  localDbName,
  localGeneration,
  startNewGeneration,
} from './carryOver'
import {
  type ConnectionEvent,
  type ConnectionState,
  initialConnection,
  reduceConnection,
} from './connectionStatus'
import { watchLink } from './linkCheck'
import { refreshPresenceOnReconnect, sendOwnPresenceOnly } from './ownPresence'
import { setPresence } from './setPresence'
import { syncAsReceived } from './syncAsReceived'
import { exposeTestHooks } from './testHooks'

/** The websocket base of the page's own server (ws:// or wss://). */
export function wsBase(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}`
}

interface Live {
  doc: Y.Doc
  provider: WebsocketProvider
  persistence: IndexeddbPersistence
  store: BoardStore
}

const NO_STORE = () => () => {}

/** Follow the board's record of merged people [F14.9] (the store reads only what views show). */
const watchMerged = (doc: Y.Doc) => (fn: () => void) => {
  const merged = mergedMap(doc)
  merged.observe(fn)
  return () => merged.unobserve(fn)
}
const NO_META = () => null

function reducer(s: ConnectionState, e: ConnectionEvent): ConnectionState {
  return reduceConnection(s, e, Date.now())
}

/**
 * Open a board as the person `credential` proves [F14.2] ('' for none: a person of its own for
 * the connection; null: not yet known, so nothing connects). The returned value is null until
 * the document exists; `loaded` turns true once the local copy or the server has delivered the
 * board.
 */
export function useBoardConnection(
  boardId: string,
  token: string,
  role: Role,
  user: BoardUser,
  credential: string | null,
): BoardContextValue | null {
  const [live, setLive] = useState<Live | null>(null)
  // The local database in use: a new one once the server rebased the board [F10].
  const [gen, setGen] = useState(() => ({ boardId, n: localGeneration(boardId) }))
  const generation = gen.boardId === boardId ? gen.n : localGeneration(boardId)
  const [loaded, setLoaded] = useState(false)
  const [connection, dispatch] = useReducer(reducer, undefined, () =>
    initialConnection(Date.now(), typeof navigator === 'undefined' ? true : navigator.onLine),
  )

  useEffect(() => {
    if (credential === null) return
    const doc = new Y.Doc()
    const persistence = new IndexeddbPersistence(localDbName(boardId, generation), doc)
    const provider = new WebsocketProvider(`${wsBase()}/sync`, boardId, doc, {
      // The token and the person's credential go in subprotocol headers, not the URL proxies
      // and access logs keep [F14.2].
      protocols: credential
        ? [...syncProtocols(token), personProtocol(credential)]
        : syncProtocols(token),
      // Connect once the device's copy is loaded, so the first sync states everything this
      // device holds: a copy of an earlier epoch is then refused before anything merges [F10.3].
      connect: false,
      // Tabs of one browser may hold different roles for a board: never relay between them.
      disableBc: true,
      // Whether to come back after the server closed the connection is the close code's.
      shouldReconnect: (e: CloseEvent) => !closeIsFinal(e.code),
    })
    // The server's updates reach this device's copy as they came, not encoded again.
    provider.messageHandlers[messageSync] = syncAsReceived
    // Only this tab's own presence goes out, not the others' it applies [P1.4].
    sendOwnPresenceOnly(provider)
    // Back after a drop, people are shown again at once, not at their next renewal [P1.5].
    refreshPresenceOnReconnect(provider)
    const onStatus = (e: { status: 'connecting' | 'connected' | 'disconnected' }) =>
      dispatch({ type: 'status', status: e.status })
    let gone = false
    // This device's copy is of an earlier epoch: carry its own changes over to a fresh copy.
    const startOver = async () => {
      dispatch({ type: 'status', status: 'connecting' })
      await persistence.whenSynced
      const patch = await carryOverPatch(doc, boardId, token)
      const n = startNewGeneration(boardId, patch)
      if (!gone) setGen({ boardId, n })
    }
    const onClosed = (e: { code: number }) => {
      if (e.code !== CLOSE.rebased.code) {
        dispatch({ type: 'closed', code: e.code })
        return
      }
      startOver().catch(() => dispatch({ type: 'closed', code: e.code }))
    }
    // Once per opening: the provider reports a sync after every reconnect.
    let carried = false
    const onSync = (synced: boolean) => {
      if (!synced) return
      setLoaded(true)
      if (carried) return
      carried = true
      finishCarryOver(doc, boardId, generation)
    }
    // A retryable close (a full board) is shown while the provider tries again by itself.
    const onDropped = (e: { code?: number } | null) => {
      if (e?.code) dispatch({ type: 'dropped', code: e.code })
    }
    provider.on('status', onStatus)
    provider.on('closed', onClosed)
    provider.on('connection-close', onDropped)
    provider.on('sync', onSync)
    const unwatch = watchLink(
      provider,
      () =>
        getBoardMe(boardId, token).then(
          () => true,
          (e) => !(e instanceof ApiError && e.status === 404),
        ),
      () => {
        provider.disconnect()
        dispatch({ type: 'closed', code: CLOSE.unauthorized.code })
      },
    )
    persistence.whenSynced.then(
      () => {
        if (gone) return
        // A board seen before opens from the device at once, even offline.
        if (readMeta(doc).formatVersion !== null) setLoaded(true)
        provider.connect()
      },
      () => {
        // No local storage here (a private window may refuse it): the server alone then.
        if (!gone) provider.connect()
      },
    )
    const store = new BoardStore(doc)
    const online = () => dispatch({ type: 'browser-online' })
    const offline = () => dispatch({ type: 'browser-offline' })
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    const tick = window.setInterval(() => dispatch({ type: 'tick' }), 1000)
    const unexpose = exposeTestHooks(doc, provider)
    setLive({ doc, provider, persistence, store })
    return () => {
      gone = true
      unexpose()
      window.clearInterval(tick)
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      store.destroy()
      unwatch()
      provider.off('status', onStatus)
      provider.off('closed', onClosed)
      provider.off('connection-close', onDropped)
      provider.off('sync', onSync)
      provider.destroy()
      // Destroying the doc also closes the IndexedDB persistence after its last write.
      doc.destroy()
      setLive(null)
      setLoaded(false)
    }
  }, [boardId, token, generation, credential])

  // The person this device is on this board: the entry a facilitator merged it into [F14.9].
  const onMerged = useMemo(() => (live ? watchMerged(live.doc) : NO_STORE), [live])
  const personId = useSyncExternalStore(
    onMerged,
    live ? () => personOnBoard(live.doc, user.id) : () => user.id,
  )
  const me = useMemo(
    () => (personId === user.id ? user : { ...user, id: personId }),
    [user, personId],
  )

  // Presence: who we are, for cursors and the people list.
  useEffect(() => {
    if (!live) return
    setPresence(live.provider.awareness, PRESENCE.user, { ...me, role })
  }, [live, me, role])

  const meta = useSyncExternalStore(
    live?.store.subscribe ?? NO_STORE,
    live ? () => live.store.get().meta : NO_META,
  )

  // One object per actual change, so views that read the context do not redraw for nothing.
  return useMemo(
    () =>
      live && meta
        ? {
            doc: live.doc,
            provider: live.provider,
            awareness: live.provider.awareness,
            store: live.store,
            boardId,
            token,
            role,
            meta,
            user: me,
            connection,
            loaded,
          }
        : null,
    [live, meta, boardId, token, role, me, connection, loaded],
  )
}
