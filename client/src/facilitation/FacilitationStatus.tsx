/**
 * What everyone on the board sees of facilitation, in the top bar: the shared timer, the
 * dot vote, whom they follow, and the facilitators' message. Keeps the server's clock
 * measured for the timer.
 */
import './facilitation.css'
import { useBoard } from '../board/BoardContext'
import { BroadcastBanner } from './controls/BroadcastBanner'
import { FollowStatus } from './follow/FollowStatus'
import { useClockSync } from './timer/serverClock'
import { TimerDisplay } from './timer/TimerDisplay'
import { VoteStatus } from './vote/VoteStatus'

export function FacilitationStatus() {
  const { boardId, token } = useBoard()
  useClockSync(boardId, token)
  return (
    <div className="facilitation-status">
      <TimerDisplay />
      <VoteStatus />
      <FollowStatus />
      <BroadcastBanner />
    </div>
  )
}
