/**
 * `/s/<sessionId>#t=TOKEN`: the room picker. A session token is valid on every board of its
 * session, so each room opens with the same token (in the fragment, never sent to the server).
 */
import { useEffect, useMemo, useState } from 'react'
import { DashboardPage } from '../dashboard/DashboardPage'
import { ApiError, getSessionMe, type SessionMe } from './api'
import { Message } from './Message'
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

export function MissingToken() {
  return (
    <Message title="This link is incomplete">
      The link has lost its key (the part after <code>#t=</code>). Open the full link your
      facilitator sent you.
    </Message>
  )
}

export function LinkError({ error }: { error: ApiError }) {
  if (error.status === 404 || error.status === 401 || error.status === 403) {
    return (
      <Message title="This link does not work">
        It may have been replaced by a new one. Ask your facilitator for a fresh link.
      </Message>
    )
  }
  return (
    <Message
      title="The board cannot be reached"
      action={
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      }
    >
      {error.message}
    </Message>
  )
}
