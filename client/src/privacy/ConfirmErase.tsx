/**
 * The confirmation an erasure asks for first: the question, a way back and the erasure. It
 * opens below the button that asked for it, which on a phone is often below the fold, so it
 * scrolls itself into view and takes the focus on its way back (an erasure cannot be undone).
 */
import { useEffect, useId, useRef } from 'react'
import './privacy.css'

export function ConfirmErase({
  question,
  back,
  busy = false,
  action,
  onBack,
  onErase,
}: {
  question: string
  /** The way back's label ("Cancel", "Keep them"). */
  back: string
  busy?: boolean
  /** `data-action` of the erasing button. */
  action: string
  onBack(): void
  onErase(): void
}) {
  const questionId = useId()
  const box = useRef<HTMLDivElement>(null)
  const backButton = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' })
    backButton.current?.focus({ preventScroll: true })
  }, [])
  return (
    <div ref={box} className="my-data-confirm" role="alertdialog" aria-labelledby={questionId}>
      <p id={questionId}>{question}</p>
      <div className="actions">
        <button ref={backButton} type="button" className="btn" onClick={onBack}>
          {back}
        </button>
        <button
          type="button"
          className="btn danger"
          data-action={action}
          disabled={busy}
          onClick={onErase}
        >
          {busy ? 'Erasing…' : 'Erase for good'}
        </button>
      </div>
    </div>
  )
}
