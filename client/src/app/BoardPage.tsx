/**
 * `/b/<boardId>#t=TOKEN`: asks the server for the token's role, asks a first-time visitor
 * for a name and a city, then opens the board.
 */
import type { BoardMe } from '@sensemaking/shared'
import { useEffect, useMemo, useState } from 'react'
import { BoardContext, type BoardUser } from '../board/BoardContext'
import { useBoardConnection } from '../board/useBoardConnection'
import { cityIsOptional, JoinForm } from '../join/JoinForm'
import { getBoardMe, getConfig } from '../lib/api'
import { ApiError } from '../lib/http'
import { LinkError, MissingToken } from '../lib/LinkMessages'
import { Message } from '../lib/Message'
import { LinkScopeContext } from '../people/linkScope'
import { CopyStatusProvider } from '../plenary/CopyStatusProvider'
import { PlenaryContext, plenaryLinkOf } from '../plenary/PlenaryContext'
import { JoinNotice } from '../privacy/JoinNotice'
import { useUiStore } from '../store/uiStore'
import { usePerson } from '../store/usePerson'
import { userColor } from '../store/user'
import { BoardChrome } from './BoardChrome'
import { takeToken } from './token'
import { BOARD_VIEWS } from './views'

const meKey = (boardId: string) => `sensemaking:me:${boardId}`

/** The last answer of /me for this board in this tab, so a reload works while offline. */
function cachedMe(boardId: string): BoardMe | null {
  try {
    const raw = sessionStorage.getItem(meKey(boardId))
    return raw ? (JSON.parse(raw) as BoardMe) : null
  } catch {
    return null
  }
}

export function BoardPage({ boardId }: { boardId: string }) {
  const token = useMemo(() => takeToken(), [])
  const [me, setMe] = useState<BoardMe | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const user = useUiStore((s) => s.user)
  const [joinedNow, setJoined] = useState(false)
  // Known on this device: a name, and a city unless the role does not need one.
  const joined =
    joinedNow ||
    (user.name !== '' && (user.city !== '' || (me !== null && cityIsOptional(me.role))))

  // Fetch the view's code and the runtime settings while the server tells us the role.
  const viewId = useUiStore((s) => s.view)
  useEffect(() => {
    void getConfig()
    void (BOARD_VIEWS.find((v) => v.id === viewId) ?? BOARD_VIEWS[0])?.preload().catch(() => {})
  }, [viewId])

  useEffect(() => {
    if (!token) return
    getBoardMe(boardId, token).then(
      (m) => {
        setMe(m)
        try {
          sessionStorage.setItem(meKey(boardId), JSON.stringify(m))
        } catch {
          // Not kept: a reload while offline asks the server again.
        }
      },
      (e: unknown) => {
        const err = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))
        const cached = err.status === 0 ? cachedMe(boardId) : null
        if (cached) setMe(cached)
        else setError(err)
      },
    )
  }, [boardId, token])

  useEffect(() => {
    if (me) document.title = `${me.board.title} · Sensemaking board`
  }, [me])

  if (!token) return <MissingToken />
  if (error) return <LinkError error={error} />
  if (!me) return <Message title="Opening the board…" />
  if (!joined) {
    return (
      <main className="page-message">
        <div className="card">
          <JoinForm
            boardTitle={me.board.title}
            sessionTitle={me.board.sessionTitle}
            role={me.role}
            onDone={() => setJoined(true)}
          />
          <JoinNotice retention={me.retention} />
        </div>
      </main>
    )
  }
  return <BoardScreen boardId={boardId} token={token} me={me} />
}

function BoardScreen({ boardId, token, me }: { boardId: string; token: string; me: BoardMe }) {
  const local = useUiStore((s) => s.user)
  const user: BoardUser = useMemo(
    () => ({ id: local.id, name: local.name, city: local.city, color: userColor(local.id) }),
    [local.id, local.name, local.city],
  )
  const credential = usePerson()
  const board = useBoardConnection(boardId, token, me.role, user, credential)
  const plenary = useMemo(() => plenaryLinkOf(me, boardId, token), [me, boardId, token])
  if (!board) return <Message title="Opening the board…" />
  return (
    <BoardContext.Provider value={board}>
      <PlenaryContext.Provider value={plenary}>
        <LinkScopeContext.Provider value={me.link ?? 'board'}>
          <CopyStatusProvider>
            <BoardChrome title={me.board.title} sessionTitle={me.board.sessionTitle} />
          </CopyStatusProvider>
        </LinkScopeContext.Provider>
      </PlenaryContext.Provider>
    </BoardContext.Provider>
  )
}
