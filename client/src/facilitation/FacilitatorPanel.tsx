/**
 * The facilitator's controls for this board, in one panel of the top bar: the question of
 * the moment, the timer, the dot vote, private writing, the lock, everyone's view and a
 * message. Renders nothing for other roles.
 */
import './facilitation.css'
import { whyNotFacilitate } from '@sensemaking/shared'
import { useCallback, useRef, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { actorOf, policyOf } from '../board/selectors'
import { useBoardSelector } from '../board/useBoardSelector'
import { useDismiss } from '../lib/useDismiss'
import { BroadcastControl } from './controls/BroadcastControl'
import { LockControl } from './controls/LockControl'
import { PhaseControl } from './controls/PhaseControl'
import { PrivateRoundControl } from './controls/PrivateRoundControl'
import { SummonControl } from './follow/SummonControl'
import { TimerControls } from './timer/TimerControls'
import { VoteControls } from './vote/VoteControls'

export function FacilitatorPanel() {
  const board = useBoard()
  const policy = useBoardSelector(policyOf)
  const [open, setOpen] = useState(false)
  const close = useCallback(() => setOpen(false), [])
  const root = useRef<HTMLDivElement>(null)

  useDismiss(open, root, close)

  if (whyNotFacilitate(actorOf(board), policy) !== null) return null
  return (
    <div className="facilitate" ref={root}>
      <button
        type="button"
        className="btn small primary"
        aria-expanded={open}
        aria-controls="facilitate-panel"
        data-action="facilitate"
        onClick={() => setOpen((o) => !o)}
      >
        Facilitate
      </button>
      {open && (
        <div
          id="facilitate-panel"
          className="popover facilitate-panel"
          role="dialog"
          aria-label="Facilitate this board"
        >
          <PhaseControl />
          <TimerControls />
          <VoteControls />
          <PrivateRoundControl />
          <LockControl />
          <SummonControl />
          <BroadcastControl />
        </div>
      )}
    </div>
  )
}
