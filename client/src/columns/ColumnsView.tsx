/**
 * The columns view: the same board as plain, accessible HTML, with no canvas and no tldraw,
 * so a board stays usable on a phone, by keyboard and screen reader, and where the canvas
 * cannot load. One section per column of the board's own columns (other templates render
 * unchanged), notes as cards by theme, the parking lot when it holds notes.
 */
import './columns.css'
import { kindsOf, type NoteView, readPrivateWriting, readVote } from '@sensemaking/shared'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { useBoardValue } from '../facilitation/useBoardValue'
import { DraftCard } from '../private/DraftCard'
import type { Draft } from '../private/drafts'
import { useDrafts } from '../private/useDrafts'
import { useUiStore } from '../store/uiStore'
import { AddNoteForm } from './AddNoteForm'
import { canVote, noteAccess } from './access'
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
import { useBoardData } from './useBoardData'
import { useColumnActions } from './useColumnActions'
import { NARROW, useMediaQuery } from './useMediaQuery'

const keyOf = (g: ColumnGroup) => g.id ?? ''

export default function ColumnsView() {
  const board = useBoard()
  const { doc, meta, role, user, boardId, provider, loaded } = board
  const { data, cache } = useBoardData(doc, meta)
  const drafts = useDrafts(boardId)
  const vote = useBoardValue(doc, readVote)
  const privateWriting = useBoardValue(doc, readPrivateWriting)
  const narrow = useMediaQuery(NARROW)
  const leverFilter = useUiStore((s) => s.leverFilter)
  const broker = useMemo(() => new FocusBroker(), [])

  const grouped = useMemo(
    () => groupBoard(meta, data.notes.values(), data.clusters),
    [meta, data.notes, data.clusters],
  )
  const sections =
    grouped.parkingLot.count > 0 ? [...grouped.columns, grouped.parkingLot] : grouped.columns
  const titleOf = (id: string | null) =>
    sections.find((s) => s.id === id)?.title ?? 'the parking lot'
  const live = useLiveRegion(cache, provider, titleOf)

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

  const perms = { role, userId: user.id, locked: meta.locked }
  const mayWrite = role !== 'observer' && !(meta.locked && role === 'participant')
  const voter = canVote(perms)
  let dotsUsed = 0
  for (const perVoter of data.votes.values()) dotsUsed += perVoter.get(user.id) ?? 0
  const dotsLeft = vote.status === 'open' ? Math.max(0, vote.dotsPerPerson - dotsUsed) : 0

  const { actions, keepVisible, toast, closeToast, undoDelete, saveNew, tidy } = useColumnActions({
    board,
    data,
    titleOf,
    announce: live.announce,
    broker,
    narrow,
    setTab,
    setEditing,
    dotsLeft,
  })

  const tagsById = useMemo(() => new Map(meta.tags.map((t) => [t.id, t])), [meta.tags])
  const cardProps = (note: NoteView): NoteCardProps => {
    const access = noteAccess(
      perms,
      note,
      note.clusterId ? data.clusters.get(note.clusterId) : undefined,
    )
    const perVoter = data.votes.get(note.id)
    let total = 0
    for (const n of perVoter?.values() ?? []) total += n
    return {
      note,
      tag: note.lever ? tagsById.get(note.lever) : undefined,
      kind:
        note.kind === null ? undefined : kindsOf(meta, note.column).find((k) => k.id === note.kind),
      canEdit: access.canEdit,
      lockReason: access.reason,
      editing: editing === note.id && access.canEdit,
      vote: vote.status,
      total: vote.status === 'closed' ? total : 0,
      canVote: voter,
      dimmed: leverFilter !== null && note.lever !== leverFilter,
    }
  }
  // Before the board arrives its columns are not known: a note added now could land in a
  // column the board does not have.
  if (!loaded || !cache) return <div className="view-loading">Loading the board…</div>

  const renderDraft = (d: Draft) => (
    <DraftCard key={d.id} draft={d} boardId={boardId} tags={meta.tags} />
  )

  return (
    <FocusContext.Provider value={broker}>
      <CardActionsContext.Provider value={actions}>
        <ClustersContext.Provider value={data.clusters}>
          <div className={`columns-view${narrow ? ' narrow' : ''}`} data-loaded="true">
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
                    onTidy={role === 'facilitator' && s.count > 0 ? () => tidy(s.id) : undefined}
                    keepVisible={keepVisible}
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
        </ClustersContext.Provider>
      </CardActionsContext.Provider>
    </FocusContext.Provider>
  )
}
