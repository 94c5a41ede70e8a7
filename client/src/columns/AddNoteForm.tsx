/**
 * Writing a new note in a column: the text in focus, a lever, Save and Cancel. Enter saves
 * and keeps the form open for the next note; Shift+Enter adds a line; Escape closes it.
 * Each note starts with no lever: the writer picks it beside the text, and it is not carried
 * over to the next note (lever counts are the harvest's headline figure).
 */
import { capText, type TagDef } from '@sensemaking/shared'
import { useEffect, useId, useRef, useState } from 'react'
import { LeverSelect } from '../lib/fields'

export function AddNoteForm({
  columnTitle,
  tags,
  isPrivate,
  onSave,
  onClose,
}: {
  columnTitle: string
  tags: readonly TagDef[]
  /** Private writing is on: the note stays on this device until revealed. */
  isPrivate: boolean
  /** Returns false when the note could not be added (the text is kept). */
  onSave(text: string, lever: string | null): boolean
  onClose(): void
}) {
  const [text, setText] = useState('')
  const [lever, setLever] = useState<string | null>(null)
  const ref = useRef<HTMLTextAreaElement>(null)
  const id = useId()
  const hintId = useId()

  useEffect(() => ref.current?.focus(), [])

  const save = () => {
    if (text.trim() === '') {
      ref.current?.focus()
      return
    }
    if (onSave(text, lever)) {
      setText('')
      setLever(null)
    }
    ref.current?.focus()
  }

  return (
    <form
      className={`add-note${isPrivate ? ' private' : ''}`}
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <label className="field-label" htmlFor={id}>
        {isPrivate ? 'New private note' : 'New note'}
        <span className="sr-only"> in {columnTitle}</span>
      </label>
      <textarea
        ref={ref}
        id={id}
        className="note-input"
        dir="auto"
        rows={3}
        value={text}
        aria-describedby={hintId}
        onChange={(e) => setText(capText(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            save()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            onClose()
          }
        }}
      />
      <p id={hintId} className="hint">
        {isPrivate ? 'Private until revealed. ' : ''}Enter saves, Shift+Enter starts a new line,
        Escape closes.
      </p>
      <div className="edit-fields">
        <LeverSelect tags={tags} value={lever} onChange={setLever} />
      </div>
      <div className="note-actions">
        <button type="submit" className="btn small primary">
          Save
        </button>
        <button type="button" className="btn small ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
