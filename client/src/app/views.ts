/**
 * The views of a board. Each is a React component rendered inside BoardContext; the top
 * bar shows a toggle when there is more than one. A view's code is loaded only when it is
 * chosen (or preloaded while the page asks the server for the role), so a board stays
 * usable by a light view where the canvas cannot load.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react'
import type { ViewId } from '../store/uiStore'

export interface BoardViewDef {
  id: ViewId
  label: string
  component: LazyExoticComponent<ComponentType>
  /** Start downloading the view's code. */
  preload(): Promise<unknown>
}

function view(
  id: ViewId,
  label: string,
  load: () => Promise<{ default: ComponentType }>,
): BoardViewDef {
  return { id, label, component: lazy(load), preload: load }
}

export const BOARD_VIEWS: BoardViewDef[] = [
  view('canvas', 'Canvas', () => import('../canvas/CanvasView')),
  view('columns', 'Columns', () => import('../columns/ColumnsView')),
]
