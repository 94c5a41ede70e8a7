/**
 * What everyone on the board sees of facilitation, in the board's frame: the shared timer
 * (TimerStatus, which also keeps the server's clock measured), and the dot vote and whom they
 * follow (FacilitationStatus). The facilitators' message is a control of its own
 * (BroadcastBanner).
 */
import './facilitation.css'
import { useBoard } from '../board/BoardContext'
import { FollowStatus } from './follow/FollowStatus'
import { useClockSync } from './timer/serverClock'
import { TimerDisplay } from './timer/TimerDisplay'
import { VoteStatus } from './vote/VoteStatus'

export function TimerStatus() {
  const { boardId, token } = useBoard()
  useClockSync(boardId, token)
  return <TimerDisplay />
}

export function FacilitationStatus() {
  return (
    <div className="facilitation-status">
      <VoteStatus />
      <FollowStatus />
    </div>
  )
}
