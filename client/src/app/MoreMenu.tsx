/**
 * The top bar's secondary items behind one button: what does not fit the bar on this screen
 * (on a phone: the view, people, undo, facilitation, export and the person's own name). The
 * panel opens inside the screen and closes on Escape or a press outside. Its items stay
 * mounted while it is closed, so a control keeps its state (undo history, a timer's clock).
 */
import { type ReactNode, useCallback, useId, useRef, useState } from 'react'
import { Icon } from '../lib/Icon'
import { useDismiss } from '../lib/useDismiss'

export function MoreMenu({ children, label = 'More' }: { children: ReactNode; label?: string }) {
  const [open, setOpen] = useState(false)
  const close = useCallback(() => setOpen(false), [])
  const root = useRef<HTMLDivElement>(null)
  const panelId = useId()

  useDismiss(open, root, close)

  return (
    <div className="menu more-menu" ref={root}>
      <button
        type="button"
        className="btn ghost more-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-action="more"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="menu" size={18} />
        <span className="more-label">{label}</span>
      </button>
      <div id={panelId} className="popover more-panel" hidden={!open}>
        {children}
      </div>
    </div>
  )
}
