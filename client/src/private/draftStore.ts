/**
 * One board's private drafts on this device: read from and written to localStorage on every
 * change (re-reading first, so two tabs of one board do not undo each other's changes), with
 * a subscription for React (useSyncExternalStore).
 */
import { type Draft, draftsKey, parseDrafts } from './drafts'

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export type DraftPatch = Partial<Pick<Draft, 'text' | 'lever' | 'column'>>

export class DraftStore {
  private drafts: readonly Draft[]
  private readonly listeners = new Set<() => void>()
  /** The draft a view asked to put in editing (a new draft made from the canvas). */
  private focus: string | null = null
  /** False after storage refused a write: the drafts then live in this tab only. */
  saved = true

  constructor(
    readonly boardId: string,
    private readonly storage: DraftStorage | null,
  ) {
    this.drafts = this.read()
  }

  /** The drafts, oldest first; the same array until something changes. */
  list = (): readonly Draft[] => this.drafts

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  add(draft: Draft, focus = false): void {
    if (focus) this.focus = draft.id
    this.change((all) => [...all.filter((d) => d.id !== draft.id), draft])
  }

  update(id: string, patch: DraftPatch): void {
    this.change((all) => all.map((d) => (d.id === id ? { ...d, ...patch } : d)))
  }

  remove(ids: Iterable<string>): void {
    const gone = new Set(ids)
    if (gone.size === 0) return
    this.change((all) => all.filter((d) => !gone.has(d.id)))
  }

  /** The draft waiting to be focused, if any (without taking it). */
  peekFocus(): string | null {
    return this.focus
  }

  /** The draft to focus, once: the first caller takes it. */
  takeFocus(): string | null {
    const id = this.focus
    this.focus = null
    return id
  }

  /** Another tab changed the stored drafts. */
  reload(): void {
    this.drafts = this.read()
    this.emit()
  }

  private read(): Draft[] {
    try {
      return parseDrafts(this.storage?.getItem(draftsKey(this.boardId)) ?? null)
    } catch {
      return [...(this.drafts ?? [])]
    }
  }

  private change(fn: (all: readonly Draft[]) => Draft[]): void {
    // After a refused write the stored list is stale: build on what this tab holds.
    const next = fn(this.storage && this.saved ? this.read() : this.drafts)
    try {
      if (next.length === 0) this.storage?.removeItem(draftsKey(this.boardId))
      else this.storage?.setItem(draftsKey(this.boardId), JSON.stringify(next))
      this.saved = true
    } catch {
      // Storage full or refused: keep the drafts in memory so nothing typed is lost now.
      this.saved = false
    }
    this.drafts = next
    this.emit()
  }

  private emit() {
    for (const fn of this.listeners) fn()
  }
}

const stores = new Map<string, DraftStore>()

function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The draft store of a board in this tab (one per board, shared by every view). */
export function draftStoreFor(boardId: string): DraftStore {
  let store = stores.get(boardId)
  if (!store) {
    store = new DraftStore(boardId, browserStorage())
    stores.set(boardId, store)
    if (typeof window !== 'undefined') {
      const key = draftsKey(boardId)
      const s = store
      window.addEventListener('storage', (e) => {
        if (e.key === key || e.key === null) s.reload()
      })
    }
  }
  return store
}
