/**
 * `/s/<sessionId>` with a session facilitator token: every breakout room live (its figures and
 * what it is saying, from the live stream), the plenary, the session's lever × column chart,
 * join links with QR codes, session-wide controls and the harvest.
 */
import {
  DEFAULT_TEMPLATE,
  type LiveRoom,
  type SessionBoard,
  type SessionDetail,
  TEMPLATES,
} from '@sensemaking/shared'
import { useEffect, useMemo } from 'react'
import { rotateLink } from '../lib/api'
import { LinkError } from '../lib/LinkMessages'
import { Message } from '../lib/Message'
import { EraseRoom } from '../privacy/EraseRoom'
import { RetentionPanel } from '../privacy/RetentionPanel'
import { AddPlenary } from './AddPlenary'
import { BoardCard, ColumnFigures } from './BoardCard'
import { sumCounts } from './chart'
import { JoinLink } from './JoinLink'
import { LeverChart } from './LeverChart'
import { RoomDigest } from './RoomDigest'
import { RoomStates } from './RoomStates'
import { SessionControls } from './SessionControls'
import { SessionHarvest } from './SessionHarvest'
import { useSessionLive } from './useSessionLive'
import { type PollStatus, useSessionPoll } from './useSessionPoll'
import './dashboard.css'

const STATUS: Record<PollStatus, string> = {
  loading: 'Loading…',
  live: 'Live',
  paused: 'Paused while this tab is hidden',
  retrying: 'Reconnecting…',
}

/** The session's details (links, new boards) are read this often; the figures come live. */
const DETAIL_POLL_MS = 30_000

export function DashboardPage({ sessionId, token }: { sessionId: string; token: string }) {
  const poll = useSessionPoll(sessionId, token, DETAIL_POLL_MS)
  const { error, updatedAt, refresh } = poll
  const live = useSessionLive(sessionId, token)
  const data = useMemo(() => withLive(poll.data, live.rooms), [poll.data, live.rooms])
  const status: PollStatus = live.status === 'live' ? 'live' : poll.status
  // A board the details do not know yet (a plenary added from another dashboard): read them.
  const unknown = live.ids.some((id) => poll.data && !poll.data.boards.some((b) => b.id === id))
  useEffect(() => {
    if (unknown) refresh()
  }, [unknown, refresh])

  useEffect(() => {
    if (data) document.title = `${data.title} · Session dashboard`
  }, [data])

  if (!data) {
    if (error) return <LinkError error={error} />
    return <Message title="Opening the dashboard…" />
  }

  const template = TEMPLATES[data.template] ?? DEFAULT_TEMPLATE
  const { columns, tags } = template
  const plenaryBoard = data.boards.find((b) => b.plenary) ?? null
  const plenary = plenaryBoard ? { id: plenaryBoard.id, name: plenaryBoard.name } : null
  const rooms = data.boards.filter((b) => !b.plenary)
  const card = (b: SessionBoard) => {
    const room = live.rooms.get(b.id)
    return (
      <BoardCard
        key={b.id}
        board={b}
        columns={columns}
        tags={tags}
        token={token}
        onChanged={refresh}
      >
        {room && (
          <RoomDigest room={room} columns={columns} tags={tags} plenary={plenary} token={token} />
        )}
      </BoardCard>
    )
  }
  const online = data.boards.reduce((n, b) => n + b.online, 0)
  // The rooms' figures: the plenary's copies would count their notes twice.
  const notes = rooms.reduce((n, b) => n + b.notes.total, 0)
  const byColumn: Record<string, number> = {}
  for (const b of rooms) {
    for (const [col, n] of Object.entries(b.notes.byColumn))
      byColumn[col] = (byColumn[col] ?? 0) + n
  }
  // Streamed figures are current; polled ones say when they were read.
  const updated =
    live.status !== 'live' && updatedAt ? new Date(updatedAt).toLocaleTimeString() : ''

  return (
    <div className="dashboard">
      <header className="dash-header">
        <div>
          <p className="eyebrow">Session dashboard · {template.name}</p>
          <h1>{data.title}</h1>
        </div>
        <dl className="dash-totals">
          <div>
            <dt>Rooms</dt>
            <dd data-total="rooms">{rooms.length}</dd>
          </div>
          <div>
            <dt>Online</dt>
            <dd data-total="online">{online}</dd>
          </div>
          <div>
            <dt>Notes</dt>
            <dd data-total="notes">{notes}</dd>
          </div>
        </dl>
        <p className={`poll-status is-${status}`} role="status">
          <span className="dot status-dot" aria-hidden="true" />
          {STATUS[status]}
          {status === 'live' && updated && <span className="muted"> · updated {updated}</span>}
          {status === 'retrying' && error && <span className="muted"> · {error.message}</span>}
        </p>
      </header>

      <main className="dash-main">
        <div className="dash-top">
          <section className="dash-panel overview" aria-labelledby="overview-h">
            <h2 id="overview-h">The whole session</h2>
            <ColumnFigures byColumn={byColumn} columns={columns} />
            <LeverChart
              counts={sumCounts(rooms.map((b) => b.byLeverColumn))}
              columns={columns}
              tags={tags}
              title="The whole session"
            />
          </section>
          <div className="dash-stack">
            <SessionControls
              sessionId={sessionId}
              token={token}
              columns={columns}
              rooms={[...rooms, ...(plenaryBoard ? [plenaryBoard] : [])]}
              onApplied={refresh}
            />
            <RoomStates boards={rooms} columns={columns} token={token} />
          </div>
          <div className="dash-stack">
            <section className="dash-panel invite" aria-labelledby="invite-h">
              <h2 id="invite-h">Invite</h2>
              <JoinLink
                kind="session-participant"
                label="Participants"
                hint="choose their room"
                url={data.links.participant.url}
                qrOpen
                onRevoke={async () => {
                  await rotateLink('session', sessionId, token, 'participant')
                  refresh()
                }}
              />
              <details className="board-links">
                <summary>Co-facilitator link</summary>
                <JoinLink
                  kind="session-facilitator"
                  label="Facilitator"
                  hint="this dashboard, every room"
                  url={data.links.facilitator.url}
                  onRevoke={async () => {
                    // This page's own link: carry on with the new one.
                    const next = await rotateLink('session', sessionId, token, 'facilitator')
                    // Same page, new fragment: load it again so the new token is taken.
                    window.location.replace(next.url)
                    window.location.reload()
                  }}
                />
              </details>
            </section>
            <SessionHarvest sessionId={sessionId} token={token} title={data.title} />
            {data.retention && (
              <RetentionPanel
                retention={data.retention}
                sessionId={sessionId}
                token={token}
                title={data.title}
              />
            )}
            <EraseRoom boards={data.boards} onErased={refresh} />
          </div>
        </div>

        <section aria-labelledby="plenary-h" className="plenary-section">
          <h2 id="plenary-h" className="dash-section-title">
            Plenary
          </h2>
          {plenaryBoard ? (
            <div className="board-grid">{card(plenaryBoard)}</div>
          ) : (
            <AddPlenary sessionId={sessionId} token={token} onAdded={refresh} />
          )}
        </section>

        <section aria-labelledby="rooms-h">
          <h2 id="rooms-h" className="dash-section-title">
            Breakout rooms
          </h2>
          <div className="board-grid">{rooms.map(card)}</div>
        </section>
      </main>
    </div>
  )
}

/** The session's details with each room's figures as the live stream last sent them. */
function withLive(
  data: SessionDetail | null,
  rooms: ReadonlyMap<string, LiveRoom>,
): SessionDetail | null {
  if (!data || rooms.size === 0) return data
  return {
    ...data,
    boards: data.boards.map((b) => {
      const r = rooms.get(b.id)
      if (!r) return b
      const { online, notes, byLever, byLeverColumn, state } = r
      return { ...b, online, notes, byLever, byLeverColumn, state }
    }),
  }
}
