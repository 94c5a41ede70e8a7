/**
 * A person's own notes on this board [F13.8]: download everything they wrote (JSON) and erase
 * it, notes and dots, in one step. Both go to the server with this device's author key, which
 * only the device that wrote the notes holds; the server honours them for that author only.
 */
import { NOTE, notesMap } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { useBoard } from '../board/BoardContext'
import { downloadBlob, fileStem } from '../export/download'
import { ApiError } from '../lib/http'
import { useUiStore } from '../store/uiStore'
import { authorProof } from '../store/user'
import { downloadMine, eraseMine } from './api'
import { ConfirmErase } from './ConfirmErase'
import './privacy.css'

/** How many notes on the board carry `authorId`. */
function countOwn(doc: Y.Doc, authorId: string): number {
  let n = 0
  notesMap(doc).forEach((m) => {
    if (m instanceof Y.Map && m.get(NOTE.authorId) === authorId) n++
  })
  return n
}

/** `countOwn`, kept up to date. */
function useOwnNoteCount(doc: Y.Doc, authorId: string): number {
  const [n, setN] = useState(() => countOwn(doc, authorId))
  useEffect(() => {
    const update = () => setN(countOwn(doc, authorId))
    update()
    notesMap(doc).observe(update)
    return () => notesMap(doc).unobserve(update)
  }, [doc, authorId])
  return n
}

type State =
  | { step: 'idle' }
  | { step: 'confirm' }
  | { step: 'busy'; what: 'download' | 'erase' }
  | { step: 'done'; message: string }
  | { step: 'error'; message: string }

export function MyData() {
  const { doc, boardId, token, meta } = useBoard()
  const user = useUiStore((s) => s.user)
  const mine = useOwnNoteCount(doc, user.id)
  const [state, setState] = useState<State>({ step: 'idle' })
  const proof = authorProof(user)
  const provable = proof !== null
  const busy = state.step === 'busy'

  async function download() {
    if (!proof) return
    setState({ step: 'busy', what: 'download' })
    try {
      const blob = await downloadMine(boardId, token, proof)
      downloadBlob(blob, `my-notes-${fileStem(meta.title)}.json`)
      setState({ step: 'idle' })
    } catch (e) {
      setState({ step: 'error', message: e instanceof ApiError ? e.message : String(e) })
    }
  }

  async function erase() {
    if (!proof) return
    setState({ step: 'busy', what: 'erase' })
    try {
      const r = await eraseMine(boardId, token, proof)
      const copies = r.copies > 0 ? `, and ${r.copies} copies on other boards` : ''
      setState({
        step: 'done',
        message: r.erased
          ? `Erased ${plural(r.notes, 'note')} and ${plural(r.dots, 'dot')}${copies}: they are gone from this board for everyone.`
          : 'There was nothing of yours to erase.',
      })
    } catch (e) {
      setState({ step: 'error', message: e instanceof ApiError ? e.message : String(e) })
    }
  }

  return (
    <section className="my-data" aria-labelledby="my-data-h">
      <h2 id="my-data-h">Your notes on this board</h2>
      {!provable ? (
        <p className="muted">
          This device joined before notes could be erased from it, so the server cannot tell its
          notes are yours. Ask a facilitator to download or erase them.
        </p>
      ) : (
        <>
          <p className="muted" data-own-notes={mine}>
            {mine === 0
              ? 'You have no notes on this board.'
              : `You wrote ${plural(mine, 'note')} on this board.`}{' '}
            {proof && 'credential' in proof
              ? 'Only your devices can ask for them.'
              : 'Only this device can ask for them.'}
          </p>
          <div className="my-data-actions">
            <button
              type="button"
              className="btn"
              data-action="download-mine"
              disabled={busy}
              onClick={download}
            >
              {state.step === 'busy' && state.what === 'download'
                ? 'Preparing…'
                : 'Download my notes'}
            </button>
            <button
              type="button"
              className="btn danger"
              data-action="erase-mine"
              disabled={busy || mine === 0}
              onClick={() => setState({ step: 'confirm' })}
            >
              Erase my notes…
            </button>
          </div>
        </>
      )}
      {state.step === 'confirm' && (
        <ConfirmErase
          question={`Erase your ${plural(mine, 'note')} and your dots on this board for everyone, for good? Copies sent to other boards go too. This cannot be undone.`}
          back="Keep them"
          action="erase-mine-confirm"
          onBack={() => setState({ step: 'idle' })}
          onErase={erase}
        />
      )}
      {state.step === 'done' && (
        <p className="my-data-done" role="status">
          {state.message}
        </p>
      )}
      {state.step === 'error' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      <a className="privacy-link" href="/privacy" target="_blank" rel="noopener">
        How your data is handled
      </a>
    </section>
  )
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
