/**
 * Which view a board opens in: the one the person last chose on this device, else the
 * columns view on phones (narrow or touch-only screens) and the canvas elsewhere.
 */
/** The views a board can open in. */
export type ViewId = 'canvas' | 'columns'

const KEY = 'sensemaking:view'

/** Phones: a narrow window, or a coarse pointer with no fine one. */
export const PHONE_QUERY = '(max-width: 700px), (pointer: coarse) and (hover: none)'

type Store = Pick<Storage, 'getItem' | 'setItem'> | null

export function initialView(
  storage: Store,
  matches: (query: string) => boolean = (q) =>
    typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia(q).matches
      : false,
): ViewId {
  let saved: string | null = null
  try {
    saved = storage?.getItem(KEY) ?? null
  } catch {
    saved = null
  }
  if (saved === 'canvas' || saved === 'columns') return saved
  return matches(PHONE_QUERY) ? 'columns' : 'canvas'
}

/** Remember a view the person chose. */
export function rememberView(storage: Store, view: ViewId): void {
  try {
    storage?.setItem(KEY, view)
  } catch {
    // Not remembered: the device's default applies next time.
  }
}
