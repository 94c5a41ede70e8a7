/**
 * The dock under a board's view, beside the lever legend: a view puts its own tools there
 * (the canvas: a new note, zoom, fit) with a portal, so nothing floats over the board.
 */
import { createContext, useContext } from 'react'

export const DockContext = createContext<HTMLElement | null>(null)

/** The dock's slot for the active view's tools, once it is mounted. */
export function useDockSlot(): HTMLElement | null {
  return useContext(DockContext)
}
