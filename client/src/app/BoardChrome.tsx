/**
 * The frame around a board's view: the top bar (the room's name, the view, tools, people,
 * connection and a menu), the status line of what is on now (phase, private writing, timer,
 * vote, the facilitators' message), the view, and the dock under it (the view's own tools
 * and the lever legend). Nothing of the frame floats over the board.
 */
import { Suspense, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { LeverBar } from '../board/LeverBar'
import { ExportMenu } from '../export/ExportMenu'
import { MENU_BAR, useMediaQuery } from '../lib/useMediaQuery'
import { ChangedCopiesBar } from '../plenary/ChangedCopiesBar'
import { PeopleList } from '../presence/PeopleList'
import { useUiStore } from '../store/uiStore'
import { BoardTitle } from './BoardTitle'
import { ConnectionBanner, ConnectionIndicator } from './ConnectionIndicator'
import { DockContext } from './dock'
import { CLOCK_CONTROLS, STATUS_CONTROLS, TOP_BAR_CONTROLS } from './extensions'
import { MoreMenu } from './MoreMenu'
import { UserMenu } from './UserMenu'
import { BOARD_VIEWS, type BoardViewDef } from './views'

/** Below this width export and the person's name go in the menu too. */
const COMPACT = '(max-width: 1100px)'

function ViewToggle({ view }: { view: BoardViewDef }) {
  const setView = useUiStore((s) => s.setView)
  if (BOARD_VIEWS.length < 2) return null
  return (
    <fieldset className="view-toggle">
      <legend className="sr-only">View</legend>
      {BOARD_VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          aria-pressed={v.id === view.id}
          onClick={() => setView(v.id)}
        >
          {v.label}
        </button>
      ))}
    </fieldset>
  )
}

export function BoardChrome({
  title,
  sessionTitle,
}: {
  title: string
  sessionTitle: string | null
}) {
  const { role, meta, loaded } = useBoard()
  const viewId = useUiStore((s) => s.view)
  const view = BOARD_VIEWS.find((v) => v.id === viewId) ?? BOARD_VIEWS[0]!
  const View = view.component
  const boardTitle = meta.title || title
  const phase = meta.columns.find((c) => c.id === meta.phase)
  const phone = useMediaQuery(MENU_BAR)
  const compact = useMediaQuery(COMPACT)
  const [dock, setDock] = useState<HTMLElement | null>(null)
  const clock = CLOCK_CONTROLS.map((C, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
    <C key={i} />
  ))
  const tools = (
    <>
      <ViewToggle view={view} />
      {TOP_BAR_CONTROLS.map((C, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
        <C key={i} />
      ))}
      <PeopleList />
    </>
  )
  return (
    <DockContext.Provider value={dock}>
      <div className={`board-page${phone ? ' phone' : ''}`}>
        <div className="board-head">
          <header className="top-bar">
            <BoardTitle title={boardTitle} sessionTitle={sessionTitle} />
            {phone ? clock : tools}
            <ConnectionIndicator />
            {compact ? (
              <MoreMenu>
                {phone && tools}
                <ExportMenu title={boardTitle} />
                <UserMenu />
              </MoreMenu>
            ) : (
              <>
                <ExportMenu title={boardTitle} />
                <UserMenu />
              </>
            )}
          </header>
          <section className="status-bar" aria-label="Now on this board">
            {/* On a phone the column tabs and the column's own header say which is now. */}
            {!phone && clock}
            {phase && !phone && (
              <span className="phase-chip status-item" title="The question everyone works on now">
                Now: {phase.title}
              </span>
            )}
            {role === 'observer' && (
              <span
                className="badge view-only status-item"
                title="Observers read everything live but do not write"
              >
                View only
              </span>
            )}
            {meta.locked && role !== 'observer' && (
              <span className="badge locked status-item">Locked</span>
            )}
            {STATUS_CONTROLS.map((C, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
              <C key={i} />
            ))}
          </section>
        </div>
        <ConnectionBanner title={boardTitle} />
        <ChangedCopiesBar />
        <main className="board-view" aria-busy={!loaded}>
          <Suspense fallback={<div className="view-loading">Loading the board…</div>}>
            <View />
          </Suspense>
        </main>
        <div className="board-dock">
          <div className="dock-tools" ref={setDock} />
          <LeverBar />
        </div>
      </div>
    </DockContext.Provider>
  )
}
