/**
 * tldraw's own undo and redo actions, pointed at the board's undo of own changes [F8.7]:
 * tldraw's history is never stepped, whatever calls the action (its shortcuts, a menu).
 */
import type { TLUiOverrides } from 'tldraw'
import { activeUndo } from './registry'

export const undoOverrides: TLUiOverrides = {
  actions(_editor, actions) {
    const next = { ...actions }
    if (next.undo) next.undo = { ...next.undo, onSelect: () => void activeUndo()?.undo() }
    if (next.redo) next.redo = { ...next.redo, onSelect: () => void activeUndo()?.redo() }
    return next
  },
}
