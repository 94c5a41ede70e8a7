/**
 * `/s/<sessionId>#t=TOKEN`: the room picker. A session token is valid on every board of its
 * session, so each room opens with the same token (in the fragment, never sent to the server).
 */
import type { SessionMe } from '@sensemaking/shared'
import { useEffect, useMemo, useState } from 'react'
import { DashboardPage } from '../dashboard/DashboardPage'
import { getSessionMe } from '../lib/api'
import { ApiError } from '../lib/http'
import { LinkError, MissingToken } from '../lib/LinkMessages'
import { Message } from '../lib/Message'
import { boardPath } from './route'
import { takeToken } from './token'

export function SessionPage({ sessionId }: { sessionId: string }) {
  const token = useMemo(() => takeToken(), [])
  const [me, setMe] = useState<SessionMe | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    if (!token) return
    getSessionMe(sessionId, token).then(setMe, (e: unknown) =>
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))),
    )
  }, [sessionId, token])

  if (!token) return <MissingToken />
  if (error) return <LinkError error={error} />
  if (!me) return <Message title="Opening the session…" />
  if (me.role === 'facilitator') return <DashboardPage sessionId={sessionId} token={token} />
  return (
    <main className="page-message">
      <div className="card rooms">
        <p className="eyebrow">Participant</p>
        <h1>{me.session.title}</h1>
        <p>Choose the breakout room you want to join.</p>
        <ul className="room-list">
          {me.boards.map((b) => (
            <li key={b.id}>
              <a className="room" href={`${boardPath(b.id)}#t=${encodeURIComponent(token)}`}>
                <span className="room-name">{b.name}</span>
                <span className="room-online">
                  {b.online === 1 ? '1 person here' : `${b.online} people here`}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </main>
  )
}
