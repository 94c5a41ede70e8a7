/**
 * The top bar's secondary items (export, the person's name and city) behind one "More"
 * button on screens too narrow to show them all; closes on Escape or a press outside.
 */
import { type ReactNode, useCallback, useId, useRef, useState } from 'react'
import { useDismiss } from '../lib/useDismiss'

export function MoreMenu({
  children,
  className = '',
}: {
  children: ReactNode
  className?: string
}) {
  const [open, setOpen] = useState(false)
  const close = useCallback(() => setOpen(false), [])
  const root = useRef<HTMLDivElement>(null)
  const panelId = useId()

  useDismiss(open, root, close)

  return (
    <div className={`menu more-menu ${className}`.trim()} ref={root}>
      <button
        type="button"
        className="btn ghost more-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-action="more"
        onClick={() => setOpen((o) => !o)}
      >
        More<span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div id={panelId} className="popover more-panel">
          {children}
        </div>
      )}
    </div>
  )
}
