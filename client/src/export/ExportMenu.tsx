/** Export: the harvest (JSON, Markdown, CSV) and whatever the active view adds (images). */
import { API, type HarvestFormat, roleMayUse } from '@sensemaking/shared'
import { useCallback, useRef, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { useDismiss } from '../lib/useDismiss'
import { downloadHarvest } from './harvest'
import { useViewExports } from './viewExports'

const FORMATS: Array<{ format: HarvestFormat; label: string; hint: string }> = [
  { format: 'json', label: 'Harvest (JSON)', hint: 'structured, for tools' },
  { format: 'md', label: 'Harvest (Markdown)', hint: 'for the written report' },
  { format: 'csv', label: 'Harvest (CSV)', hint: 'for spreadsheets' },
]

export function ExportMenu({ title }: { title: string }) {
  const { doc, boardId, token, role } = useBoard()
  const viewExports = useViewExports((s) => s.exports)
  const [open, setOpen] = useState(false)
  const close = useCallback(() => setOpen(false), [])
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const ref = useRef<HTMLDivElement>(null)

  useDismiss(open, ref, close)

  async function run(id: string, fn: () => Promise<void>) {
    setBusy(id)
    setError(null)
    try {
      await fn()
      setOpen(false)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(null)
    }
  }

  const fromServer = roleMayUse(API.boardHarvest, role)
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Export
      </button>
      {open && (
        <div className="popover menu-list" role="menu" aria-label="Export">
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              role="menuitem"
              disabled={busy !== null}
              data-export={f.format}
              onClick={() =>
                run(f.format, () =>
                  downloadHarvest({ doc, boardId, token, title, fromServer }, f.format),
                )
              }
            >
              <span>{f.label}</span>
              <span className="hint">{busy === f.format ? 'preparing…' : f.hint}</span>
            </button>
          ))}
          {viewExports.length > 0 && <hr />}
          {viewExports.map((x) => (
            <button
              key={x.id}
              type="button"
              role="menuitem"
              disabled={busy !== null}
              data-export={x.id}
              onClick={() => run(x.id, x.run)}
            >
              <span>{x.label}</span>
              <span className="hint">{busy === x.id ? 'preparing…' : 'image of the board'}</span>
            </button>
          ))}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
