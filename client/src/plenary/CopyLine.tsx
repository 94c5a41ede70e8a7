/**
 * Where a copy came from, on its note (F11.1): the room, and on the plenary for a link that may
 * refresh, how it stands against its source (F11.7) with a one-click refresh when it changed.
 * Never overwritten silently: the copy changes only when someone clicks Refresh.
 */
import './plenary.css'
import { type NoteView, SOURCE_STATUS, type SourceStatus } from '@sensemaking/shared'
import { type PointerEvent, useState } from 'react'
import { useCopyStatusStore, useNoteStatus } from './copyStatuses'
import { mayRefreshOn, usePlenaryLink } from './PlenaryContext'
import { refreshCopies } from './refresh'

/** What a status says next to the room's name; unchanged says nothing. */
export function statusText(status: SourceStatus | null, room: string): string | null {
  switch (status) {
    case SOURCE_STATUS.changed:
      return `Changed in ${room} since sent`
    case SOURCE_STATUS.deleted:
      return `Deleted in ${room}`
    case SOURCE_STATUS.noSource:
      return `No longer in ${room}`
    default:
      return null
  }
}

export function CopyLine({
  note,
  onPointerDown,
}: {
  note: Pick<NoteView, 'id' | 'source'>
  /** On a canvas sticky: keep tldraw from selecting under the button. */
  onPointerDown?: (e: PointerEvent) => void
}) {
  const status = useNoteStatus(note.id)
  const link = usePlenaryLink()
  const store = useCopyStatusStore()
  const [busy, setBusy] = useState(false)
  const source = note.source
  if (!source) return null
  const room = source.boardName || 'another room'
  const said = statusText(status, room)
  const refresh = async () => {
    if (!mayRefreshOn(link)) return
    setBusy(true)
    try {
      await refreshCopies(link, { notes: [note], themes: [] })
    } finally {
      setBusy(false)
      store?.poke()
    }
  }
  return (
    <span className="copy-line" data-copy-status={status ?? ''}>
      <span className="copy-from">
        From <bdi>{room}</bdi>
      </span>
      {said && <span className={`copy-status is-${status}`}>{said}</span>}
      {status === SOURCE_STATUS.changed && mayRefreshOn(link) && (
        <button
          type="button"
          className="btn tiny"
          disabled={busy}
          onPointerDown={onPointerDown}
          onClick={() => void refresh()}
        >
          {busy ? 'Refreshing…' : 'Refresh'}
          <span className="sr-only"> from {room}</span>
        </button>
      )}
    </span>
  )
}
