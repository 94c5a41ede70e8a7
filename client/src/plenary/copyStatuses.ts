/**
 * "Changed since sent" on the plenary (SESSION-SPEC SE3, F11.7): the server tells how every copy
 * stands against its source; this store asks it every few seconds while the page is visible
 * and the board holds copies (304 while nothing changed), and views subscribe to it. Only a
 * link that may refresh copies (the session's facilitator link) runs one.
 */
import type { CopyStatuses, SourceStatus } from '@sensemaking/shared'
import { createContext, useContext, useSyncExternalStore } from 'react'
import { getCopyStatuses } from '../lib/api'

/** How often the statuses are asked for. */
export const STATUS_POLL_MS = 3000

const NONE: CopyStatuses = { notes: {}, themes: {} }

export class CopyStatusStore {
  private statuses: CopyStatuses = NONE
  private etag: string | null = null
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private ctrl: AbortController | null = null
  private running = false

  constructor(
    private readonly boardId: string,
    private readonly token: string,
  ) {}

  get = (): CopyStatuses => this.statuses

  subscribe = (f: () => void): (() => void) => {
    this.listeners.add(f)
    return () => this.listeners.delete(f)
  }

  /** Ask now and then every few seconds, until `stop`. */
  start(): void {
    if (this.running) return
    this.running = true
    void this.poll()
  }

  stop(): void {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.ctrl?.abort()
  }

  /** Ask now (after a refresh, say), not at the next tick. */
  poke(): void {
    if (!this.running) return
    if (this.timer) clearTimeout(this.timer)
    void this.poll()
  }

  private async poll(): Promise<void> {
    this.timer = null
    if (!this.running) return
    if (document.visibilityState !== 'hidden') {
      this.ctrl?.abort()
      const ctrl = new AbortController()
      this.ctrl = ctrl
      try {
        const r = await getCopyStatuses(this.boardId, this.token, this.etag, ctrl.signal)
        if (r !== 'unchanged' && !ctrl.signal.aborted) {
          this.statuses = r.statuses
          this.etag = r.etag
          for (const f of this.listeners) f()
        }
      } catch {
        // Offline or refused: the badges stay as they were; the next tick asks again.
      }
    }
    if (this.running && !this.timer) this.timer = setTimeout(() => void this.poll(), STATUS_POLL_MS)
  }
}

export const CopyStatusContext = createContext<CopyStatusStore | null>(null)

const EMPTY = () => NONE
const NOOP = () => () => {}

/** The statuses of the page's board's copies (none where no store runs). */
export function useCopyStatuses(): CopyStatuses {
  const store = useContext(CopyStatusContext)
  return useSyncExternalStore(store?.subscribe ?? NOOP, store?.get ?? EMPTY)
}

/** How one note copy stands, or null (no copy, or unknown here). */
export function useNoteStatus(noteId: string): SourceStatus | null {
  return useCopyStatuses().notes[noteId] ?? null
}

/** The store of the page (to poke it after a refresh). */
export function useCopyStatusStore(): CopyStatusStore | null {
  return useContext(CopyStatusContext)
}
