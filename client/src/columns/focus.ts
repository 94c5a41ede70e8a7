/**
 * Keeping keyboard focus where a person expects it while cards re-render, move between
 * columns and themes, or vanish: a control registers under a key, and an action asks for a
 * key; when that control is not on the page yet (the document change is still being
 * applied), focus goes to it as soon as it appears.
 */
import { createContext, useCallback, useContext } from 'react'

export class FocusBroker {
  private readonly els = new Map<string, HTMLElement>()
  private pending: { key: string; until: number } | null = null

  constructor(
    /** How long a request follows its control through remounts (a note re-rendered in its new column). */
    private readonly followMs = 1500,
    private readonly now: () => number = () => performance.now(),
  ) {}

  register(key: string, el: HTMLElement): void {
    this.els.set(key, el)
    const p = this.pending
    if (p && p.key === key) {
      if (this.now() <= p.until) el.focus()
      else this.pending = null
    }
  }

  unregister(key: string, el: HTMLElement): void {
    if (this.els.get(key) === el) this.els.delete(key)
  }

  request(key: string): void {
    // Kept for a moment even when the control is here now: a change still being applied may
    // replace it (a card moving to another column), and focus should follow.
    this.pending = { key, until: this.now() + this.followMs }
    const el = this.els.get(key)
    if (el?.isConnected) el.focus()
  }
}

/** Focus keys of the view's controls. */
export const focusKey = {
  edit: (noteId: string) => `edit:${noteId}`,
  add: (column: string | null) => `add:${column ?? ''}`,
  undo: 'undo',
} as const

export const FocusContext = createContext<FocusBroker>(new FocusBroker())

/** A ref callback registering an element under `key`. */
export function useFocusKey<T extends HTMLElement>(key: string): (el: T | null) => void {
  const broker = useContext(FocusContext)
  return useCallback(
    (el: T | null) => {
      if (!el) return
      broker.register(key, el)
      return () => broker.unregister(key, el)
    },
    [broker, key],
  )
}
