/**
 * The top bar's secondary items (export, the person's name and city) behind one "More"
 * button on screens too narrow to show them all; closes on Escape or a press outside.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'

export function MoreMenu({
  children,
  className = '',
}: {
  children: ReactNode
  className?: string
}) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const panelId = useId()

  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('.modal-backdrop')) setOpen(false)
    }
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('pointerdown', onDown, true)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('pointerdown', onDown, true)
    }
  }, [open])

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
