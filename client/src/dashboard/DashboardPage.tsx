/**
 * `/s/<sessionId>` with a session facilitator token: every breakout room live, the session's
 * lever × column chart, join links with QR codes, session-wide controls and the harvest.
 */
import { DEFAULT_TEMPLATE, TEMPLATES } from '@sensemaking/shared'
import { useEffect } from 'react'
import { rotateLink } from '../lib/api'
import { LinkError } from '../lib/LinkMessages'
import { Message } from '../lib/Message'
import { EraseRoom } from '../privacy/EraseRoom'
import { RetentionPanel } from '../privacy/RetentionPanel'
import { BoardCard, ColumnFigures } from './BoardCard'
import { sumCounts } from './chart'
import { JoinLink } from './JoinLink'
import { LeverChart } from './LeverChart'
import { RoomStates } from './RoomStates'
import { SessionControls } from './SessionControls'
import { SessionHarvest } from './SessionHarvest'
import { type PollStatus, useSessionPoll } from './useSessionPoll'
import './dashboard.css'

const STATUS: Record<PollStatus, string> = {
  loading: 'Loading…',
  live: 'Live',
  paused: 'Paused while this tab is hidden',
  retrying: 'Reconnecting…',
}

export function DashboardPage({ sessionId, token }: { sessionId: string; token: string }) {
  const { data, error, status, updatedAt, refresh } = useSessionPoll(sessionId, token)

  useEffect(() => {
    if (data) document.title = `${data.title} · Session dashboard`
  }, [data])

  if (!data) {
    if (error) return <LinkError error={error} />
    return <Message title="Opening the dashboard…" />
  }

  const template = TEMPLATES[data.template] ?? DEFAULT_TEMPLATE
  const { columns, tags } = template
  const online = data.boards.reduce((n, b) => n + b.online, 0)
  const notes = data.boards.reduce((n, b) => n + b.notes.total, 0)
  const byColumn: Record<string, number> = {}
  for (const b of data.boards) {
    for (const [col, n] of Object.entries(b.notes.byColumn))
      byColumn[col] = (byColumn[col] ?? 0) + n
  }
  const updated = updatedAt ? new Date(updatedAt).toLocaleTimeString() : ''

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
            <dd data-total="rooms">{data.boards.length}</dd>
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
              counts={sumCounts(data.boards.map((b) => b.byLeverColumn))}
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
              onApplied={refresh}
            />
            <RoomStates boards={data.boards} columns={columns} token={token} />
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

        <section aria-labelledby="rooms-h">
          <h2 id="rooms-h" className="dash-section-title">
            Breakout rooms
          </h2>
          <div className="board-grid">
            {data.boards.map((b) => (
              <BoardCard
                key={b.id}
                board={b}
                columns={columns}
                tags={tags}
                token={token}
                onChanged={refresh}
              />
            ))}
          </div>
        </section>
      </main>
    </div>
  )
}
