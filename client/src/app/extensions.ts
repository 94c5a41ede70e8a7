/**
 * Places where other features plug into the board's frame without touching the views, each
 * rendered inside BoardContext and free to render nothing for roles it does not serve:
 * - CLOCK_CONTROLS: the timer, first in the status line (in the top bar itself on a phone);
 * - STATUS_CONTROLS: what else is on now (private writing, the vote, the message), in the
 *   status line under the top bar, which shows only while something is on;
 * - TOP_BAR_CONTROLS: tools (undo, the facilitator's panel), in the top bar, or in its menu
 *   on a phone.
 */
import type { ComponentType } from 'react'
import { BroadcastBanner } from '../facilitation/controls/BroadcastBanner'
import { FacilitationStatus, TimerStatus } from '../facilitation/FacilitationStatus'
import { FacilitatorPanel } from '../facilitation/FacilitatorPanel'
import { UndoControls } from '../facilitation/undo/UndoControls'
import { PrivateWritingControl } from '../private/PrivateWritingControl'

export const CLOCK_CONTROLS: ComponentType[] = [TimerStatus]

export const STATUS_CONTROLS: ComponentType[] = [
  PrivateWritingControl,
  FacilitationStatus,
  BroadcastBanner,
]

export const TOP_BAR_CONTROLS: ComponentType[] = [UndoControls, FacilitatorPanel]
