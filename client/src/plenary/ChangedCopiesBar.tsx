/**
 * On the plenary, for a facilitator with the session's link: how many copies changed in their
 * rooms since they were sent, and one click to bring them all up to date (F11.6, F11.7). Nothing
 * changes on its own.
 */
import './plenary.css'
import { useState } from 'react'
import { useBoardSelector } from '../board/useBoardSelector'
import { useCopyStatuses, useCopyStatusStore } from './copyStatuses'
import { mayRefreshOn, usePlenaryLink } from './PlenaryContext'
import { changedThemeSources, refreshCopies } from './refresh'

export function ChangedCopiesBar() {
  const link = usePlenaryLink()
  const store = useCopyStatusStore()
  const statuses = useCopyStatuses()
  // Off the plenary's refreshing links the bar never shows: it follows no note there, and on
  // the plenary it looks up the copies the statuses name, not every note, as people type.
  const refreshing = mayRefreshOn(link)
  const notes = useBoardSelector((s) => (refreshing ? s.notes : null))
  const clusters = useBoardSelector((s) => (refreshing ? s.clusters : null))
  const [busy, setBusy] = useState(false)
  if (!refreshing || !notes || !clusters) return null
  const changedNotes = Object.entries(statuses.notes).flatMap(([id, status]) => {
    const n = status === 'changed' ? notes.get(id) : undefined
    return n && n.deletedAt === null ? [n] : []
  })
  const changedThemes = changedThemeSources(clusters.values(), statuses.themes)
  const count = changedNotes.length + changedThemes.length
  if (count === 0) return null
  const refreshAll = async () => {
    setBusy(true)
    try {
      await refreshCopies(link, { notes: changedNotes, themes: changedThemes })
    } finally {
      setBusy(false)
      store?.poke()
    }
  }
  return (
    <div className="changed-copies" role="status" data-changed-copies={count}>
      <span>
        {count === 1
          ? '1 copy changed in its room since it was sent.'
          : `${count} copies changed in their rooms since they were sent.`}
      </span>
      <button type="button" className="btn small" disabled={busy} onClick={() => void refreshAll()}>
        {busy ? 'Refreshing…' : count === 1 ? 'Refresh it' : 'Refresh all'}
      </button>
    </div>
  )
}
