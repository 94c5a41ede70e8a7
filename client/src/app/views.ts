/**
 * The views of a board. Each is a React component rendered inside BoardContext; the top
 * bar shows a toggle when there is more than one. A view is loaded only when chosen, so a
 * board stays usable by a light view where the canvas cannot load.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react'
import type { ViewId } from '../store/uiStore'

export interface BoardViewDef {
  id: ViewId
  label: string
  component: LazyExoticComponent<ComponentType>
}

export const BOARD_VIEWS: BoardViewDef[] = [
  { id: 'canvas', label: 'Canvas', component: lazy(() => import('../canvas/CanvasView')) },
]
