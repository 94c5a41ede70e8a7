/**
 * The columns view: the same board as plain, accessible HTML, with no canvas and no tldraw,
 * so a board stays usable on a phone, by keyboard and screen reader, and where the canvas
 * cannot load. One section per column of the board's own columns (other templates render
 * unchanged), notes as cards by theme, the parking lot when it holds notes.
 */
import '../lib/cards.css'
import './columns.css'
import { kindsOf, type NoteView, whyNotPost, whyNotVote } from '@sensemaking/shared'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { noteAccess } from '../board/refusals'
import { actorOf, mayArrangeThemes, policyOf } from '../board/selectors'
import { useBoardSelector } from '../board/useBoardSelector'
import { useVotes } from '../facilitation/vote/useVotes'
import { dotsLeft as dotsLeftOf } from '../facilitation/vote/votes'
import { NARROW, useMediaQuery } from '../lib/useMediaQuery'
import { PickBar, PickProvider } from '../plenary/picks'
import { DraftCard } from '../private/DraftCard'
import type { Draft } from '../private/drafts'
import { useDrafts } from '../private/useDrafts'
import { useUiStore } from '../store/uiStore'
import { AddNoteForm } from './AddNoteForm'
import { CardActionsContext } from './actions'
import { ColumnSection } from './ColumnSection'
import { ColumnTabs, panelId, tabId } from './ColumnTabs'
import { FocusBroker, FocusContext } from './focus'
import { LiveRegion, useLiveRegion } from './LiveRegion'
import { type ColumnGroup, groupBoard } from './model'
import type { NoteCardProps } from './NoteCard'
import { ClustersContext } from './NoteEditPanel'
import { Notices } from './Notices'
import { UndoToast } from './UndoToast'
import { useColumnActions } from './useColumnActions'
import { useOpenAtCard } from './useOpenAtCard'

const keyOf = (g: ColumnGroup) => g.id ?? ''

export default function ColumnsView() {
  const board = useBoard()
  const { meta, role, boardId, provider, loaded, store } = board
  const notes = useBoardSelector((s) => s.notes)
  const clusters = useBoardSelector((s) => s.clusters)
  const privateWriting = useBoardSelector((s) => s.privateWriting)
  const policy = useBoardSelector(policyOf)
  const votes = useVotes(board)
  const vote = votes.vote
  const drafts = useDrafts(boardId)
  const narrow = useMediaQuery(NARROW)
  const leverFilter = useUiStore((s) => s.leverFilter)
  const broker = useMemo(() => new FocusBroker(), [])

  const grouped = useMemo(() => groupBoard(meta, notes.values(), clusters), [meta, notes, clusters])
  const sections =
    grouped.parkingLot.count > 0 ? [...grouped.columns, grouped.parkingLot] : grouped.columns
  const titleOf = (id: string | null) =>
    sections.find((s) => s.id === id)?.title ?? 'the parking lot'
  const live = useLiveRegion(store, provider, titleOf)

  // Narrow screens: one column at a time, following the active question when it changes.
  const [tab, setTab] = useState(() => meta.phase ?? keyOf(grouped.columns[0]!))
  const lastPhase = useRef(meta.phase)
  const [adding, setAdding] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  useEffect(() => {
    if (meta.phase === lastPhase.current) return
    lastPhase.current = meta.phase
    if (meta.phase !== null && adding === null && editing === null) setTab(meta.phase)
  }, [meta.phase, adding, editing])
  const selected = sections.some((s) => keyOf(s) === tab) ? tab : keyOf(sections[0]!)

  const actor = actorOf(board)
  const mayWrite = whyNotPost(actor, policy) === null
  // One count of dots for the notice, the top bar and the "+" [F5.4].
  const dotsLeft = dotsLeftOf(votes)
  const canVote = whyNotVote(actor, policy) === null

  const { actions, keepVisible, toast, closeToast, undoDelete, saveNew, tidy } = useColumnActions({
    board,
    titleOf,
    announce: live.announce,
    broker,
    narrow,
    setTab,
    setEditing,
  })

  const target = useOpenAtCard(loaded, store, narrow, setTab)

  const tagsById = useMemo(() => new Map(meta.tags.map((t) => [t.id, t])), [meta.tags])
  const lockedThemes = store.lockedThemes()
  const cardProps = (note: NoteView): NoteCardProps => {
    const access = noteAccess(actor, policy, note, lockedThemes)
    return {
      note,
      tag: note.lever ? tagsById.get(note.lever) : undefined,
      kind:
        note.kind === null ? undefined : kindsOf(meta, note.column).find((k) => k.id === note.kind),
      canEdit: access.canEdit,
      lockReason: access.reason,
      editing: editing === note.id && access.canEdit,
      vote: vote.status,
      total: vote.status === 'closed' ? (votes.totals.get(note.id) ?? 0) : 0,
      canVote,
      dimmed: leverFilter !== null && note.lever !== leverFilter,
    }
  }
  // Before the board arrives its columns are not known: a note added now could land in a
  // column the board does not have.
  if (!loaded) return <div className="view-loading">Loading the board…</div>

  const renderDraft = (d: Draft) => (
    <DraftCard key={d.id} draft={d} boardId={boardId} tags={meta.tags} />
  )

  return (
    <FocusContext.Provider value={broker}>
      <CardActionsContext.Provider value={actions}>
        <ClustersContext.Provider value={clusters}>
          <PickProvider>
            <div className={`columns-view${narrow ? ' narrow' : ''}`} data-loaded="true">
              <PickBar />
              {narrow && (
                <ColumnTabs
                  prefix="cv"
                  tabs={sections.map((s) => ({
                    key: keyOf(s),
                    title: s.title,
                    count: s.count,
                    isNow: s.id !== null && s.id === meta.phase,
                  }))}
                  selected={selected}
                  onSelect={setTab}
                />
              )}
              <Notices
                role={role}
                locked={meta.locked}
                vote={vote}
                dotsLeft={dotsLeft}
                privateWriting={privateWriting}
                drafts={drafts.length}
              />
              <div className="columns-grid" style={{ ['--columns' as string]: sections.length }}>
                {sections
                  .filter((s) => !narrow || keyOf(s) === selected)
                  .map((s) => (
                    <ColumnSection
                      key={keyOf(s)}
                      group={s}
                      isNow={s.id !== null && s.id === meta.phase}
                      drafts={drafts.filter((d) => d.column === s.id)}
                      renderDraft={renderDraft}
                      cardProps={cardProps}
                      addLabel={privateWriting.on ? 'Add a private note' : 'Add a note'}
                      addForm={
                        !mayWrite || s.id === null ? undefined : adding === s.id ? (
                          <AddNoteForm
                            columnTitle={s.title}
                            tags={meta.tags}
                            isPrivate={privateWriting.on}
                            onSave={(text, lever) => saveNew(s.id!, text, lever)}
                            onClose={() => {
                              setAdding(null)
                              broker.request(`add:${s.id}`)
                            }}
                          />
                        ) : null
                      }
                      onOpenAdd={() => setAdding(s.id)}
                      onTidy={mayArrangeThemes(board) && s.count > 0 ? () => tidy(s.id) : undefined}
                      keepVisible={keepVisible ?? target}
                      panel={
                        narrow
                          ? { id: panelId('cv', keyOf(s)), labelledBy: tabId('cv', keyOf(s)) }
                          : undefined
                      }
                    />
                  ))}
              </div>
              {toast && (
                <UndoToast message={toast.message} onUndo={undoDelete} onClose={closeToast} />
              )}
              <LiveRegion message={live.message} />
            </div>
          </PickProvider>
        </ClustersContext.Provider>
      </CardActionsContext.Provider>
    </FocusContext.Provider>
  )
}
