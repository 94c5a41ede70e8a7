/**
 * A real y-websocket 3.1 client in Node (WebsocketProvider over `ws`), as the benchmark, the
 * fault suite and the trace replay use it: one Y.Doc, one provider, an awareness state shaped
 * like the app's, and a record of remote note changes with their arrival times.
 */
import { NOTE, notesMap, PRESENCE, PRESENCE_USER } from '@sensemaking/shared'
import { WebSocket as WsWebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { nowMs } from './proc'
import type { Observation } from './protocol'

// Every provider adds a process 'exit' listener; hundreds of clients per process are intended.
process.setMaxListeners(0)

export interface BoardClientOptions {
  syncUrl: string
  board: string
  token: string
  name: string
  /** A person's credential (`POST /api/people`), presented as `?person=` [F14.2]. */
  person?: string
  /** Connect at once (default true). */
  connect?: boolean
  /** Record remote note changes (noteId, updatedAt, arrival) while `recording` is on. */
  observe?: boolean
  doc?: Y.Doc
  /** Headers of the upgrade request (say X-Forwarded-For, behind a pretend proxy). */
  headers?: Record<string, string>
}

/** `ws` with fixed upgrade headers, as the provider's WebSocket. */
function wsWithHeaders(headers: Record<string, string>) {
  return class extends WsWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
}

/** Close events a client saw, by code: the fault suite counts them. */
export type CloseCounts = Map<number, number>

export class BoardClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly board: string
  /** Remote note changes since `recording` was switched on. */
  obs: Observation[] = []
  recording = false
  /** Latest updatedAt seen per note (local and remote), for convergence checks. */
  readonly seen = new Map<string, number>()
  readonly closes: CloseCounts = new Map()
  /** Set when the server closed the connection with a code the client does not retry. */
  terminal: { code: number; reason: string } | null = null
  /**
   * Latencies (ms) of other people's cursor moves sent within [cursorFrom, cursorTo): the
   * bench's cursors carry their send time as x (`moveCursor`).
   */
  cursorLatencies: number[] = []
  cursorFrom = Number.POSITIVE_INFINITY
  cursorTo = Number.NEGATIVE_INFINITY

  constructor(o: BoardClientOptions) {
    this.board = o.board
    this.doc = o.doc ?? new Y.Doc()
    this.provider = new WebsocketProvider(o.syncUrl, o.board, this.doc, {
      connect: o.connect ?? true,
      params: {
        ...(o.token ? { token: o.token } : {}),
        ...(o.person ? { person: o.person } : {}),
      },
      WebSocketPolyfill: (o.headers
        ? wsWithHeaders(o.headers)
        : WsWebSocket) as unknown as typeof WebSocket,
      // Clients in one process must talk through the server, not a BroadcastChannel.
      disableBc: true,
      maxBackoffTime: 500,
    })
    this.provider.awareness.setLocalState({
      [PRESENCE.user]: {
        [PRESENCE_USER.id]: `u-${o.name}`,
        [PRESENCE_USER.name]: o.name,
        [PRESENCE_USER.city]: 'Bench',
        [PRESENCE_USER.color]: '#2f6fde',
        [PRESENCE_USER.role]: 'participant',
      },
      [PRESENCE.cursor]: null,
    })
    this.provider.on('connection-close', (ev) => {
      if (ev) this.closes.set(ev.code, (this.closes.get(ev.code) ?? 0) + 1)
    })
    this.provider.on('closed', (ev) => {
      this.terminal = ev
    })
    if (o.observe !== false) {
      this.watchNotes()
      this.watchCursors()
    }
  }

  private watchCursors() {
    const awareness = this.provider.awareness
    awareness.on(
      'change',
      ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
        if (origin === 'local') return
        const arrival = nowMs()
        for (const id of [...added, ...updated]) {
          if (id === this.doc.clientID) continue
          const c = (awareness.getStates().get(id) as Record<string, unknown> | undefined)?.[
            PRESENCE.cursor
          ] as { x?: unknown } | null | undefined
          const sent = c?.x
          if (typeof sent === 'number' && sent >= this.cursorFrom && sent < this.cursorTo) {
            this.cursorLatencies.push(arrival - sent)
          }
        }
      },
    )
  }

  private watchNotes() {
    const notes = notesMap(this.doc)
    notes.observeDeep((events, txn) => {
      const ids = new Set<string>()
      for (const ev of events) {
        if (ev.target === notes)
          for (const k of (ev as Y.YMapEvent<unknown>).keysChanged) ids.add(k)
        else {
          const id = ev.path[0]
          if (typeof id === 'string') ids.add(id)
        }
      }
      const arrival = nowMs()
      for (const id of ids) {
        const m = notes.get(id)
        const t = m instanceof Y.Map ? m.get(NOTE.updatedAt) : undefined
        if (typeof t !== 'number') continue
        const prev = this.seen.get(id)
        if (prev === undefined || t > prev) this.seen.set(id, t)
        if (this.recording && !txn.local) this.obs.push([id, t, arrival])
      }
    })
  }

  get synced(): boolean {
    return this.provider.synced
  }

  /** Resolve at the first full sync; reject on a terminal close or after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<void> {
    if (this.provider.synced) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer)
        this.provider.off('sync', onSync)
        this.provider.off('closed', onClosed)
        if (err) reject(err)
        else resolve()
      }
      const onSync = (s: boolean) => s && done()
      const onClosed = (ev: { code: number; reason: string }) =>
        done(new Error(`board ${this.board}: closed ${ev.code} ${ev.reason}`))
      const timer = setTimeout(
        () => done(new Error(`board ${this.board}: no sync within ${timeoutMs} ms`)),
        timeoutMs,
      )
      this.provider.on('sync', onSync)
      this.provider.on('closed', onClosed)
    })
  }

  /** Move this client's cursor (awareness), as the app does while the mouse moves. */
  setCursor(x: number, y: number): void {
    this.provider.awareness.setLocalStateField(PRESENCE.cursor, { x, y })
  }

  /** A cursor move whose x is its send time, so the others can time its arrival. */
  moveCursor(y: number): void {
    this.setCursor(nowMs(), y)
  }

  noteCount(): number {
    return notesMap(this.doc).size
  }

  destroy(): void {
    this.provider.destroy()
    this.doc.destroy()
  }
}
