/**
 * Places where other features plug into the board's frame without touching the views:
 * controls in the top bar (e.g. facilitator controls: phase, timer, lock), each rendered
 * inside BoardContext and free to render nothing for roles it does not serve.
 */
import type { ComponentType } from 'react'
import { FacilitationStatus } from '../facilitation/FacilitationStatus'
import { FacilitatorPanel } from '../facilitation/FacilitatorPanel'
import { UndoControls } from '../facilitation/undo/UndoControls'
import { PrivateWritingControl } from '../private/PrivateWritingControl'

export const TOP_BAR_CONTROLS: ComponentType[] = [
  PrivateWritingControl,
  FacilitationStatus,
  UndoControls,
  FacilitatorPanel,
]
