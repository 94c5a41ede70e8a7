/** "Note deleted" with an Undo button, for a few seconds (longer while it has focus or the pointer). */
import { useEffect, useRef, useState } from 'react'
import { focusKey, useFocusKey } from './focus'

const SHOW_MS = 10_000

export function UndoToast({
  message,
  onUndo,
  onClose,
}: {
  message: string
  onUndo(): void
  /** `hadFocus`: focus was inside the toast, so the view should put it somewhere sensible. */
  onClose(hadFocus: boolean): void
}) {
  const ref = useRef<HTMLDivElement>(null)
  const undoRef = useFocusKey<HTMLButtonElement>(focusKey.undo)
  const [held, setHeld] = useState(false)
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    if (held) return
    const t = setTimeout(
      () => close.current(ref.current?.contains(document.activeElement) ?? false),
      SHOW_MS,
    )
    return () => clearTimeout(t)
  }, [held])

  const hadFocus = () => ref.current?.contains(document.activeElement) ?? false
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: pausing the timer is not an interaction
    <div
      ref={ref}
      className="undo-toast"
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setHeld(false)
      }}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose(hadFocus())
      }}
    >
      <span>{message}</span>
      <button ref={undoRef} type="button" className="btn small" onClick={onUndo}>
        Undo
      </button>
      <button
        type="button"
        className="btn small ghost icon"
        aria-label="Dismiss"
        onClick={() => onClose(hadFocus())}
      >
        ×
      </button>
    </div>
  )
}
