/**
 * A note's history for facilitators [F14.8]: who changed its text and when, as the server
 * recorded them, each earlier text with a button that writes it back (a change like any other,
 * so it is recorded too, and undone like one).
 */
import { API, type NoteChange, NoteHistoryAnswer, noteText, setText } from '@sensemaking/shared'
import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { useBoard } from '../../board/BoardContext'
import { UI_ORIGIN } from '../../board/origins'
import { requestJson } from '../../lib/http'

const ROLE_NAME = { facilitator: 'facilitator', participant: 'participant', observer: 'observer' }

const when = (at: number | null) =>
  at === null
    ? 'before'
    : new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })

function who(c: NoteChange): string {
  if (c.personId === null) return 'As it stood'
  const name = c.name || 'Someone without a name'
  const parts = [name, c.city, c.role ? ROLE_NAME[c.role] : ''].filter(Boolean)
  return parts.join(' · ')
}

/** The note's text as this replica holds it now ('' when the note is gone or unreadable). */
function useNoteText(doc: Y.Doc, noteId: string): string {
  const read = useCallback(() => {
    try {
      return noteText(doc, noteId).toString()
    } catch {
      return ''
    }
  }, [doc, noteId])
  const [text, setTextNow] = useState(read)
  useEffect(() => {
    const update = () => setTextNow(read())
    update()
    doc.on('update', update)
    return () => doc.off('update', update)
  }, [doc, read])
  return text
}

export function NoteHistoryButton({ noteId }: { noteId: string }) {
  const board = useBoard()
  const [open, setOpen] = useState(false)
  const [changes, setChanges] = useState<NoteChange[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const current = useNoteText(board.doc, noteId)

  const load = async () => {
    setError(null)
    try {
      const h = await requestJson(API.noteHistory, NoteHistoryAnswer, {
        id: board.boardId,
        token: board.token,
        query: { note: noteId },
      })
      setChanges(h.changes)
    } catch {
      setError('The history could not be loaded.')
    }
  }

  const toggle = () => {
    const next = !open
    setOpen(next)
    if (next) void load()
  }

  const restore = (text: string) => {
    setText(board.doc, noteId, text, { origin: UI_ORIGIN })
    void load()
  }

  return (
    <>
      <button type="button" className="btn small" aria-expanded={open} onClick={toggle}>
        History
      </button>
      {open && (
        <div className="popover note-history" role="dialog" aria-label="Changes of this note">
          <h3>Changes of this note</h3>
          {error && <p className="note-history-empty">{error}</p>}
          {!error && changes?.length === 0 && (
            <p className="note-history-empty">No change seen since the board was opened.</p>
          )}
          <ol>
            {[...(changes ?? [])].reverse().map((c, i) => (
              <li key={`${c.at}|${c.personId}|${c.text}`}>
                <div className="note-history-who">
                  <span>{who(c)}</span>
                  <time>{when(c.at)}</time>
                </div>
                <p className="note-history-text">{c.text}</p>
                {/* Restoring the text the note already holds would change nothing [F14.8]. */}
                {i > 0 && c.text !== current && (
                  <button type="button" className="btn small" onClick={() => restore(c.text)}>
                    Restore this text
                  </button>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  )
}
