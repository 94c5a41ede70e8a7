/**
 * The frame around a board's view: title, view toggle, plug-in controls, people,
 * connection, export, and the lever legend. The view itself fills the rest.
 */
import { Suspense } from 'react'
import { useBoard } from '../board/BoardContext'
import { LeverBar } from '../board/LeverBar'
import { ExportMenu } from '../export/ExportMenu'
import { useMediaQuery } from '../lib/useMediaQuery'
import { ChangedCopiesBar } from '../plenary/ChangedCopiesBar'
import { PeopleList } from '../presence/PeopleList'
import { useUiStore } from '../store/uiStore'
import { ConnectionBanner, ConnectionIndicator } from './ConnectionIndicator'
import { TOP_BAR_CONTROLS } from './extensions'
import { MoreMenu } from './MoreMenu'
import { UserMenu } from './UserMenu'
import { BOARD_VIEWS } from './views'

/** Screens narrower than this put export and the person's menu behind "More". */
const COMPACT = '(max-width: 1100px)'

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
  // Below this width the secondary items go behind "More"; on phones the bar takes two
  // rows: title, view and "More" first, then the controls (styles.css).
  const compact = useMediaQuery(COMPACT)
  return (
    <div className="board-page">
      <header className="top-bar">
        <div className="board-title bar-primary">
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
        <div className="bar-break" aria-hidden="true" />
        {BOARD_VIEWS.length > 1 && (
          <fieldset className="view-toggle bar-primary">
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
        {compact ? (
          <MoreMenu className="bar-primary">
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
      <ConnectionBanner title={boardTitle} />
      <ChangedCopiesBar />
      <main className="board-view" aria-busy={!loaded}>
        <Suspense fallback={<div className="view-loading">Loading the board…</div>}>
          <View />
        </Suspense>
      </main>
      <LeverBar />
    </div>
  )
}
