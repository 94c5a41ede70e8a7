/**
 * tldraw's own fonts, left unloaded. As it mounts, tldraw asks for the faces of its draw, sans,
 * serif and mono fonts (sixteen of them, `requestFonts(allDefaultFontFaces)`), loads each and
 * looks each up among the page's font faces: a few hundred ms of the main thread in the open of
 * a big board, for fonts no shape of a board uses (stickies, themes and columns are set in the
 * page's own font). A shape that names a font face still gets it: tldraw asks for a shape's
 * faces as it draws it. Not part of tldraw's API: written against tldraw 5.4.2, and
 * `tldrawFonts.test.ts` checks its sources.
 */
import type { Editor } from 'tldraw'

/**
 * Drop the font faces tldraw asked for and has not started loading (its queue runs in a
 * microtask after the mount, and the `onMount` callback runs before it).
 */
export function skipTldrawFonts(editor: Editor): void {
  const pending = (editor.fonts as unknown as { fontsToLoad?: unknown }).fontsToLoad
  if (pending instanceof Set) pending.clear()
}
