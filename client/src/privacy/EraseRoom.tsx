/**
 * A facilitator's erasure from the dashboard [F13.2–F13.4]: in one room, everything, or every
 * note and dot of one person, picked from the people who wrote there (read from the room's
 * harvest). Always confirmed first: an erasure cannot be undone.
 */
import { type Erase, type Harvest, harvestNotes } from '@sensemaking/shared'
import { useId, useState } from 'react'
import { fetchHarvest } from '../lib/api'
import { ApiError } from '../lib/http'
import { eraseOnBoard } from './api'
import { type Author, authorsOf } from './authors'
import { ConfirmErase } from './ConfirmErase'
import './privacy.css'

interface Room {
  id: string
  name: string
  links: { facilitator: { token: string } }
}

type What = { kind: 'all' } | { kind: 'person'; author: Author }

export function EraseRoom({ boards, onErased }: { boards: readonly Room[]; onErased(): void }) {
  const roomId = useId()
  const personId = useId()
  const [room, setRoom] = useState<string>('')
  const [authors, setAuthors] = useState<Author[] | null>(null)
  const [person, setPerson] = useState<string>('')
  const [confirm, setConfirm] = useState<What | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const board = boards.find((b) => b.id === room)

  async function pickRoom(id: string, keepMessage = false) {
    setRoom(id)
    setAuthors(null)
    setPerson('')
    setConfirm(null)
    if (!keepMessage) setMessage(null)
    const b = boards.find((x) => x.id === id)
    if (!b) return
    try {
      const blob = await fetchHarvest(b.id, b.links.facilitator.token, 'json')
      setAuthors(authorsOf(harvestNotes(JSON.parse(await blob.text()) as Harvest)))
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) })
    }
  }

  async function erase(what: What) {
    if (!board) return
    setBusy(true)
    const body: Erase = what.kind === 'all' ? { all: true } : { authorId: what.author.authorId }
    try {
      const r = await eraseOnBoard(board.id, board.links.facilitator.token, body)
      const copies = r.copies > 0 ? `, and ${r.copies} copies on other boards` : ''
      setMessage({
        ok: true,
        text: r.erased
          ? `Erased ${count(r.notes, 'note')}, ${count(r.themes, 'theme')} and ${count(r.dots, 'dot')} from ${board.name}${copies}.`
          : `Nothing to erase in ${board.name}.`,
      })
      setConfirm(null)
      onErased()
      await pickRoom(board.id, true)
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }

  const chosen = authors?.find((a) => a.authorId === person)
  return (
    <section className="dash-panel erase-room" aria-labelledby="erase-h">
      <h2 id="erase-h">Erase</h2>
      <p className="muted">
        When someone asks for their notes to be forgotten: gone from the room, the server and every
        device that comes back online.
      </p>
      <div className="field">
        <label htmlFor={roomId}>Room</label>
        <select id={roomId} value={room} onChange={(e) => void pickRoom(e.target.value)}>
          <option value="">Choose a room…</option>
          {boards.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      {board && authors && (
        <>
          <div className="field">
            <label htmlFor={personId}>One person’s notes and dots</label>
            <select id={personId} value={person} onChange={(e) => setPerson(e.target.value)}>
              <option value="">{authors.length === 0 ? 'Nobody wrote here' : 'Choose…'}</option>
              {authors.map((a) => (
                <option key={a.authorId} value={a.authorId}>
                  {a.author || 'Unnamed'} · {a.city || 'no city'} · {count(a.notes, 'note')}
                </option>
              ))}
            </select>
          </div>
          <div className="actions erase-actions">
            <button
              type="button"
              className="btn danger"
              data-action="erase-person"
              disabled={!chosen || busy}
              onClick={() => chosen && setConfirm({ kind: 'person', author: chosen })}
            >
              Erase this person’s notes…
            </button>
            <button
              type="button"
              className="btn danger"
              data-action="erase-room"
              disabled={busy}
              onClick={() => setConfirm({ kind: 'all' })}
            >
              Erase the whole room…
            </button>
          </div>
        </>
      )}
      {board && confirm && (
        <ConfirmErase
          question={`${
            confirm.kind === 'all'
              ? `Erase every note, theme and dot of ${board.name}, for good?`
              : `Erase ${count(confirm.author.notes, 'note')} and the dots of ${confirm.author.author || 'this person'} in ${board.name}, for good?`
          } Everyone in the room reconnects; this cannot be undone.`}
          back="Cancel"
          busy={busy}
          action="erase-confirm"
          onBack={() => setConfirm(null)}
          onErase={() => void erase(confirm)}
        />
      )}
      {message && (
        <p
          className={message.ok ? 'my-data-done' : 'form-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </section>
  )
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
