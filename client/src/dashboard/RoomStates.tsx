/**
 * Beside the session-wide controls: what every room shows now (its phase, its lock, its
 * timer with the time left), and the session at a glance, live, so a facilitator sees what
 * a control did in each room. The state comes with the session's polled figures (the server
 * reads idle rooms' from storage, loading none); the time left is counted here, on the
 * server's clock.
 */
import type { ColumnDef, RoomState, SessionBoard, TimerState } from '@sensemaking/shared'
import { formatRemaining } from '../facilitation/timer/clock'
import { useClockSync } from '../facilitation/timer/serverClock'
import { useRemaining } from '../facilitation/timer/useRemaining'

interface Props {
  boards: readonly SessionBoard[]
  columns: readonly ColumnDef[]
  token: string
}

function TimerCell({ timer }: { timer: TimerState }) {
  const remaining = useRemaining(timer)
  if (timer.status === 'idle') return <span className="muted">No timer</span>
  const left = formatRemaining(remaining)
  if (timer.status === 'paused') return <span>Paused · {left}</span>
  return <span className="timer-left">{remaining > 0 ? `${left} left` : 'Time is up'}</span>
}

/** One value shared by every room, 'mixed', or null when there are no rooms. */
function common<T>(values: readonly T[]): T | 'mixed' | null {
  if (values.length === 0) return null
  return values.every((v) => v === values[0]) ? values[0]! : 'mixed'
}

/** A room on a server that does not report its state yet: as a fresh board starts. */
const INITIAL: RoomState = { phase: null, locked: false, timer: { status: 'idle' } }

export function RoomStates({ boards, columns, token }: Props) {
  useClockSync(boards[0]?.id ?? '', token)
  const rooms = boards.map((b) => ({ id: b.id, name: b.name, state: b.state ?? INITIAL }))
  const titleOf = (id: string | null) =>
    id === null ? 'No phase' : (columns.find((c) => c.id === id)?.title ?? id)
  const phase = common(rooms.map((r) => r.state.phase))
  const lockedCount = rooms.filter((r) => r.state.locked).length
  const running = rooms.filter((r) => r.state.timer.status === 'running').length
  const paused = rooms.filter((r) => r.state.timer.status === 'paused').length
  const roomsText = (n: number) =>
    n === rooms.length ? 'every room' : `${n} of ${rooms.length} rooms`
  const locked =
    rooms.length === 0
      ? ''
      : lockedCount === 0
        ? 'none'
        : lockedCount === rooms.length
          ? 'all'
          : 'some'

  return (
    <section className="dash-panel room-states" aria-labelledby="states-h">
      <h2 id="states-h">The rooms now</h2>
      {rooms.length > 0 && (
        <ul
          className="session-state"
          data-session-phase={phase === 'mixed' ? 'mixed' : (phase ?? '')}
          data-session-locked={locked}
          data-session-timers={running}
        >
          <li>
            <span className="state-label">Phase</span>
            {phase === 'mixed' ? 'Differs between rooms' : titleOf(phase)}
          </li>
          <li>
            <span className="state-label">Lock</span>
            {locked === 'all'
              ? 'Every room locked'
              : locked === 'none'
                ? 'Every room open'
                : `${lockedCount} of ${rooms.length} rooms locked`}
          </li>
          <li>
            <span className="state-label">Timer</span>
            {running > 0
              ? `Running in ${roomsText(running)}`
              : paused > 0
                ? `Paused in ${roomsText(paused)}`
                : 'No timer running'}
          </li>
        </ul>
      )}
      <table className="room-state-table">
        <caption className="sr-only">Phase, lock and timer of each room</caption>
        <thead>
          <tr>
            <th scope="col">Room</th>
            <th scope="col">Phase</th>
            <th scope="col">Lock</th>
            <th scope="col">Timer</th>
          </tr>
        </thead>
        <tbody>
          {rooms.map((r) => (
            <tr
              key={r.id}
              data-room-state={r.id}
              data-phase={r.state.phase ?? ''}
              data-locked={String(r.state.locked)}
              data-timer={r.state.timer.status}
            >
              <th scope="row">{r.name}</th>
              <td>{titleOf(r.state.phase)}</td>
              <td>
                {r.state.locked ? (
                  <span className="badge locked">Locked</span>
                ) : (
                  <span className="muted">Open</span>
                )}
              </td>
              <td>
                <TimerCell timer={r.state.timer} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
