/**
 * Name and city, asked once per device (and editable later from the board's menu). Plain
 * labelled inputs with autocomplete hints and large touch targets. A participant's city goes
 * on every note (the harvest names the cities); facilitators and observers may leave it out.
 */

import type { Role } from '@sensemaking/shared'
import { type FormEvent, useId, useState } from 'react'
import { useUiStore } from '../store/uiStore'
import { cleanField } from '../store/user'

/** Only participants must say their city: it is what the harvest names. */
export function cityIsOptional(role: Role): boolean {
  return role !== 'participant'
}

const ROLE_NOTE: Record<Role, string> = {
  facilitator: 'You join as a facilitator: you can arrange every note and name themes.',
  participant: 'You join as a participant: post notes and tag each with a lever of change.',
  observer: 'You join as an observer: you can read everything live, but not write.',
}

export function JoinForm({
  boardTitle,
  sessionTitle,
  role,
  showRole = true,
  onDone,
  submitLabel = 'Join the board',
  onCancel,
}: {
  boardTitle?: string
  sessionTitle?: string | null
  role?: Role
  /** Say what the role may do (on joining; not when editing one's name later). */
  showRole?: boolean
  onDone(): void
  submitLabel?: string
  onCancel?(): void
}) {
  const user = useUiStore((s) => s.user)
  const setUser = useUiStore((s) => s.setUser)
  const [name, setName] = useState(user.name)
  const [city, setCity] = useState(user.city)
  const [touched, setTouched] = useState(false)
  const nameId = useId()
  const cityId = useId()
  const errId = useId()
  const cityOptional = role !== undefined && cityIsOptional(role)
  const missing = cleanField(name) === '' || (!cityOptional && cleanField(city) === '')

  function submit(e: FormEvent) {
    e.preventDefault()
    setTouched(true)
    if (missing) return
    setUser({ name: cleanField(name), city: cleanField(city) })
    onDone()
  }

  return (
    <form className="join-form" onSubmit={submit} noValidate aria-describedby={errId}>
      {sessionTitle && <p className="eyebrow">{sessionTitle}</p>}
      {boardTitle && <h1>{boardTitle}</h1>}
      {role && showRole && <p className="muted">{ROLE_NOTE[role]}</p>}
      <div className="field">
        <label htmlFor={nameId}>Your name</label>
        <input
          id={nameId}
          name="name"
          autoComplete="name"
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={touched && cleanField(name) === ''}
        />
      </div>
      <div className="field">
        <label htmlFor={cityId}>
          Your city{cityOptional && <span className="optional"> (optional)</span>}
        </label>
        <input
          id={cityId}
          name="city"
          autoComplete="address-level2"
          required={!cityOptional}
          maxLength={60}
          value={city}
          onChange={(e) => setCity(e.target.value)}
          aria-invalid={touched && !cityOptional && cleanField(city) === ''}
        />
      </div>
      <p id={errId} className="form-error" role="alert">
        {touched && missing
          ? cityOptional
            ? 'Please give your name.'
            : 'Please give your name and your city.'
          : ''}
      </p>
      <div className="actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn primary">
          {submitLabel}
        </button>
      </div>
      <p className="fine-print">Remembered on this device only.</p>
    </form>
  )
}
