/**
 * Transaction origins of this client's writes [F6.1]. Each view's binding ignores the echo
 * of its own origin; every other change (a remote one, or a write from a button or a text
 * editor of this very tab) reaches every view. An undo manager tracks these origins.
 */

/** Writes the canvas binding makes from tldraw's user changes (drags, deletes, pastes). */
export const CANVAS_ORIGIN = { name: 'canvas' } as const

/** Writes made by controls of any view: "+", the lever picker, text editors, themes. */
export const UI_ORIGIN = { name: 'ui' } as const

export const LOCAL_ORIGINS: ReadonlySet<unknown> = new Set([CANVAS_ORIGIN, UI_ORIGIN])
