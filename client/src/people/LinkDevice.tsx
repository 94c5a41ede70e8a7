/**
 * Another device of the same person [F14.4]: this device shows a one-time code, or takes one
 * typed from the device that showed it and becomes that person (their notes and dots are then
 * this device's to edit too). The code is the only thing typed; the credential never leaves
 * the devices that hold it but for the server.
 */
import { useState } from 'react'
import { personCode, personFromCode } from '../lib/api'
import { ApiError } from '../lib/http'
import { useUiStore } from '../store/uiStore'
import './people.css'

type State =
  | { step: 'idle' }
  | { step: 'busy' }
  | { step: 'code'; code: string; expiresAt: number }
  | { step: 'linked' }
  | { step: 'error'; message: string }

const until = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

export function LinkDevice() {
  const user = useUiStore((s) => s.user)
  const setUser = useUiStore((s) => s.setUser)
  const [state, setState] = useState<State>({ step: 'idle' })
  const [typed, setTyped] = useState('')
  const busy = state.step === 'busy'
  const fail = (e: unknown) =>
    setState({ step: 'error', message: e instanceof ApiError ? e.message : String(e) })

  async function showCode() {
    setState({ step: 'busy' })
    try {
      const c = await personCode(user.credential)
      setState({ step: 'code', code: c.code, expiresAt: c.expiresAt })
    } catch (e) {
      fail(e)
    }
  }

  async function takeCode(e: React.FormEvent) {
    e.preventDefault()
    const code = typed.trim()
    if (code === '') return
    setState({ step: 'busy' })
    try {
      const p = await personFromCode(code)
      // `signed` left empty: the device signs again with its own name and city, same id.
      setUser({ id: p.id, credential: p.credential, signed: '' })
      setTyped('')
      setState({ step: 'linked' })
    } catch (err) {
      fail(err)
    }
  }

  return (
    <section className="link-device" aria-labelledby="link-device-h">
      <h2 id="link-device-h">Your other devices</h2>
      {user.credential !== '' && (
        <div className="link-device-row">
          <button
            type="button"
            className="btn"
            data-action="show-device-code"
            disabled={busy}
            onClick={showCode}
          >
            Show a code for another device
          </button>
          {state.step === 'code' && (
            <p className="link-device-code" role="status">
              <strong data-device-code>{state.code}</strong>
              <span className="muted">
                Type it on your other device before {until(state.expiresAt)}. It works once.
              </span>
            </p>
          )}
        </div>
      )}
      <form className="link-device-row" onSubmit={takeCode}>
        <label htmlFor="device-code">Code from your other device</label>
        <div className="link-device-input">
          <input
            id="device-code"
            value={typed}
            autoComplete="one-time-code"
            spellCheck={false}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" className="btn" disabled={busy || typed.trim() === ''}>
            Use code
          </button>
        </div>
      </form>
      {state.step === 'linked' && (
        <p role="status" data-device-linked>
          This device is now the same person as your other one: your notes are yours to edit here.
        </p>
      )}
      {state.step === 'error' && (
        <p role="alert" className="link-device-error">
          {state.message}
        </p>
      )}
    </section>
  )
}
