/** The client's pages, chosen from `location.pathname` (the server serves one index.html). */
import { useMemo } from 'react'
import { NewSessionPage } from '../dashboard/NewSessionPage'
import { Message } from '../lib/Message'
import { PrivacyPage } from '../privacy/PrivacyPage'
import { BoardPage } from './BoardPage'
import { Landing } from './Landing'
import { parseRoute } from './route'
import { SessionPage } from './SessionPage'

export function App() {
  const route = useMemo(() => parseRoute(window.location.pathname), [])
  switch (route.page) {
    case 'board':
      return <BoardPage boardId={route.boardId} />
    case 'session':
      return <SessionPage sessionId={route.sessionId} />
    case 'new':
      return <NewSessionPage />
    case 'privacy':
      return <PrivacyPage />
    case 'landing':
      return <Landing />
    case 'not-found':
      return (
        <Message title="Page not found">
          There is no page at <code>{route.path}</code>. Open the link your facilitator sent you.
        </Message>
      )
  }
}
