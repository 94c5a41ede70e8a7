/**
 * The writes the columns view makes, each one call of a shared writer with UI_ORIGIN (so the
 * undo manager tracks them), with what follows for the person: where focus goes, what the
 * screen reader hears, the "Undo" of a delete.
 */
import {
  assignToCluster,
  deleteNote,
  type NoteView,
  restoreNote,
  setColumn,
  setKind,
  setLever,
  tidyColumn,
} from '@sensemaking/shared'
import { useMemo, useRef, useState } from 'react'
import type { BoardContextValue } from '../board/BoardContext'
import { UI_ORIGIN } from '../board/origins'
import { changeDots } from '../facilitation/vote/voteActions'
import { dotsLeft, voteSnapshot } from '../facilitation/vote/votes'
import { addNoteOrDraft } from '../private/addNoteOrDraft'
import type { CardActions } from './actions'
import type { Announce } from './announce'
import { type FocusBroker, focusKey } from './focus'

const origin = { origin: UI_ORIGIN }

export interface ColumnActionsInput {
  board: BoardContextValue
  titleOf(column: string | null): string
  announce: Announce
  broker: FocusBroker
  narrow: boolean
  setTab(key: string): void
  setEditing(fn: (id: string | null) => string | null): void
}

export interface DeletedToast {
  noteId: string
  column: string | null
  message: string
}

/** Run a write; a note removed meanwhile (a purge) is said, not thrown. */
function tryWrite(fn: () => void, announce: Announce): boolean {
  try {
    fn()
    return true
  } catch (e) {
    console.warn('A change of the board failed', e)
    announce('That change could not be made: the note may have been removed.')
    return false
  }
}

export function useColumnActions(input: ColumnActionsInput) {
  const latest = useRef(input)
  latest.current = input
  const [keepVisible, setKeepVisible] = useState<string | null>(null)
  const [toast, setToast] = useState<DeletedToast | null>(null)
  const toastRef = useRef(toast)
  toastRef.current = toast

  const attempt = (fn: () => void) => tryWrite(fn, latest.current.announce)

  const actions = useMemo<CardActions>(() => {
    const l = () => latest.current
    const doc = () => l().board.doc
    const attempt = (fn: () => void) => tryWrite(fn, l().announce)
    const followTo = (note: NoteView, column: string | null) => {
      setKeepVisible(note.id)
      if (l().narrow) l().setTab(column ?? '')
      l().setEditing(() => null)
      l().broker.request(focusKey.edit(note.id))
    }
    return {
      startEdit: (id) => l().setEditing(() => id),
      stopEdit: (id) => {
        l().setEditing((e) => (e === id ? null : e))
        l().broker.request(focusKey.edit(id))
      },
      remove: (note) => {
        if (!attempt(() => deleteNote(doc(), note.id, origin))) return
        l().setEditing((e) => (e === note.id ? null : e))
        setToast({ noteId: note.id, column: note.column, message: 'Note deleted.' })
        l().announce('Note deleted. Undo is available.')
        l().broker.request(focusKey.undo)
      },
      setKind: (id, kind) => {
        attempt(() => setKind(doc(), id, kind, origin))
      },
      setLever: (id, lever) => {
        attempt(() => setLever(doc(), id, lever, origin))
      },
      move: (note, column) => {
        if (column === note.column) return
        const ok = attempt(() =>
          doc().transact(() => {
            setColumn(doc(), note.id, column, origin)
            // A theme belongs to its column: a note moved away leaves it.
            if (note.clusterId !== null) assignToCluster(doc(), [note.id], null, origin)
          }, UI_ORIGIN),
        )
        if (!ok) return
        followTo(note, column)
        l().announce(`Note moved to ${l().titleOf(column)}.`)
      },
      setTheme: (note, clusterId) => {
        if (clusterId === note.clusterId) return
        if (!attempt(() => assignToCluster(doc(), [note.id], clusterId, origin))) return
        followTo(note, note.column)
        const title = clusterId ? l().board.store.get().clusters.get(clusterId)?.title : null
        l().announce(
          clusterId
            ? `Note added to the theme ${title || 'Untitled theme'}.`
            : 'Note taken out of its theme.',
        )
      },
      dot: (id, delta) => {
        const { board } = l()
        // The same snapshot and rule the "+" and the notices show [F5.4].
        const s = voteSnapshot(board.store.get(), board.user.id)
        let next: number | null = null
        if (!attempt(() => (next = changeDots(board, s, id, delta))) || next === null) return
        l().announce(`${next} of your dots on this note; ${dotsLeft(s) - delta} left.`)
      },
    }
  }, [])

  /** Add a note (or a private draft) from a column's form; false when nothing was added. */
  const saveNew = (column: string, text: string, lever: string | null): boolean => {
    const { board, announce, titleOf } = latest.current
    let added: ReturnType<typeof addNoteOrDraft> = null
    if (!attempt(() => (added = addNoteOrDraft(board, { column, text, lever })))) return false
    const result = added as ReturnType<typeof addNoteOrDraft>
    if (!result) {
      announce('You cannot add notes to this board now.')
      return false
    }
    if (result.kind === 'note') {
      setKeepVisible(result.id)
      announce(`Note added to ${titleOf(column)}.`)
    } else {
      announce('Private note kept on this device until it is revealed.')
    }
    return true
  }

  const undoDelete = () => {
    const t = toastRef.current
    if (!t) return
    setToast(null)
    if (!attempt(() => restoreNote(latest.current.board.doc, t.noteId, origin))) return
    setKeepVisible(t.noteId)
    latest.current.announce('Note restored.')
    latest.current.broker.request(focusKey.edit(t.noteId))
  }

  const closeToast = (hadFocus: boolean) => {
    const t = toastRef.current
    setToast(null)
    if (hadFocus && t) latest.current.broker.request(focusKey.add(t.column))
  }

  const tidy = (column: string | null) => {
    if (attempt(() => tidyColumn(latest.current.board.doc, column, origin))) {
      latest.current.announce(`${latest.current.titleOf(column)} tidied.`)
    }
  }

  return { actions, keepVisible, toast, closeToast, undoDelete, saveNew, tidy }
}
