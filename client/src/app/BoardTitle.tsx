/**
 * The room's name in the top bar: on one line on a laptop, on up to two on a phone, cut with
 * an ellipsis only after that; a press opens it in full, with the session's title.
 */
import { useCallback, useId, useRef, useState } from 'react'
import { useDismiss } from '../lib/useDismiss'

export function BoardTitle({
  title,
  sessionTitle,
}: {
  title: string
  sessionTitle: string | null
}) {
  const [open, setOpen] = useState(false)
  const close = useCallback(() => setOpen(false), [])
  const root = useRef<HTMLDivElement>(null)
  const panelId = useId()
  useDismiss(open, root, close)
  return (
    <div className="board-title" ref={root}>
      {sessionTitle && <span className="eyebrow">{sessionTitle}</span>}
      <h1>
        <button
          type="button"
          className="board-title-button"
          aria-expanded={open}
          aria-controls={panelId}
          title={title}
          onClick={() => setOpen((o) => !o)}
        >
          {title}
        </button>
      </h1>
      {open && (
        <div id={panelId} className="popover title-popover" role="dialog" aria-label="This room">
          {sessionTitle && <p className="eyebrow">{sessionTitle}</p>}
          <p className="title-full" dir="auto">
            {title}
          </p>
        </div>
      )}
    </div>
  )
}
