/**
 * The frame around a board's view: title, view toggle, plug-in controls, people,
 * connection, export, and the lever legend. The view itself fills the rest.
 */
import { Suspense } from 'react'
import { useBoard } from '../board/BoardContext'
import { ConnectionBanner, ConnectionIndicator } from '../board/ConnectionIndicator'
import { LeverBar } from '../board/LeverBar'
import { ExportMenu } from '../export/ExportMenu'
import { PeopleList } from '../presence/PeopleList'
import { useUiStore } from '../store/uiStore'
import { TOP_BAR_CONTROLS } from './extensions'
import { UserMenu } from './UserMenu'
import { BOARD_VIEWS } from './views'

export function BoardChrome({
  title,
  sessionTitle,
}: {
  title: string
  sessionTitle: string | null
}) {
  const { role, meta, loaded } = useBoard()
  const viewId = useUiStore((s) => s.view)
  const setView = useUiStore((s) => s.setView)
  const view = BOARD_VIEWS.find((v) => v.id === viewId) ?? BOARD_VIEWS[0]!
  const View = view.component
  const boardTitle = meta.title || title
  const phase = meta.columns.find((c) => c.id === meta.phase)
  return (
    <div className="board-page">
      <header className="top-bar">
        <div className="board-title">
          {sessionTitle && <span className="eyebrow">{sessionTitle}</span>}
          <h1>{boardTitle}</h1>
        </div>
        {phase && (
          <span className="phase-chip" title="The question everyone works on now">
            Now: {phase.title}
          </span>
        )}
        {role === 'observer' && (
          <span className="badge view-only" title="Observers read everything live but do not write">
            View only
          </span>
        )}
        {meta.locked && role !== 'observer' && <span className="badge locked">Locked</span>}
        <div className="spacer" />
        {BOARD_VIEWS.length > 1 && (
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
        )}
        {TOP_BAR_CONTROLS.map((C, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
          <C key={i} />
        ))}
        <PeopleList />
        <ConnectionIndicator />
        <ExportMenu title={boardTitle} />
        <UserMenu />
      </header>
      <ConnectionBanner title={boardTitle} />
      <main className="board-view" aria-busy={!loaded}>
        <Suspense fallback={<div className="view-loading">Loading the board…</div>}>
          <View />
        </Suspense>
      </main>
      <LeverBar />
    </div>
  )
}
