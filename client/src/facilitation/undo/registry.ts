/**
 * The undo of the board open on this page, for views that route their own undo commands
 * to it (the canvas replaces tldraw's undo and redo actions with these).
 */
import type { OwnUndo } from './ownUndo'

let active: OwnUndo | null = null

export function setActiveUndo(u: OwnUndo | null): void {
  active = u
}

export function activeUndo(): OwnUndo | null {
  return active
}
