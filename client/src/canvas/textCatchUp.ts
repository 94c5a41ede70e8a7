/**
 * Notes whose shape holds an older text than the document, and when the binding gives them
 * their text. A change of text alone (someone typing) reaches its shape TEXT_CATCH_UP_MS after
 * the last keystroke, and at most TEXT_CATCH_UP_MAX_MS after the first while people keep typing
 * somewhere on the board. The sticky shows the document's text at once (NoteBody); the shape's
 * copy serves tldraw (its search, the accessible description, copy and paste). Each write of a
 * shape costs tldraw work in proportion to the page (it re-derives the shapes it renders), so
 * typing writes none.
 */
export const TEXT_CATCH_UP_MS = 1000
export const TEXT_CATCH_UP_MAX_MS = 5000

export class TextCatchUp {
  private readonly stale = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private since: number | null = null

  /** `write` gets the notes due their text, then and only then. */
  constructor(
    private readonly write: (ids: string[]) => void,
    private readonly now = () => Date.now(),
  ) {}

  get size(): number {
    return this.stale.size
  }

  /** The note's shape lags its text: write it later. */
  add(id: string): void {
    this.stale.add(id)
    const now = this.now()
    this.since ??= now
    if (this.timer) clearTimeout(this.timer)
    const wait = Math.min(TEXT_CATCH_UP_MS, this.since + TEXT_CATCH_UP_MAX_MS - now)
    this.timer = setTimeout(this.flush, Math.max(0, wait))
  }

  /** The note's shape was written whole (or went): nothing to catch up. */
  delete(id: string): void {
    this.stale.delete(id)
  }

  /** Write every lagging note now. */
  flush = (): void => {
    this.cancel()
    if (this.stale.size === 0) return
    const ids = [...this.stale]
    this.stale.clear()
    this.write(ids)
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.since = null
  }
}
