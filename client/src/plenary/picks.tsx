/**
 * The columns view's selection for the plenary: a facilitator with the session's link ticks
 * notes and themes, then sends them in one go (SESSION-SPEC SE2). Nothing shows without a
 * plenary to send to, or on the plenary itself.
 */
import './plenary.css'
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react'
import { maySendFrom, usePlenaryLink } from './PlenaryContext'
import { SendToPlenaryButton } from './SendToPlenaryButton'

interface Picks {
  notes: ReadonlySet<string>
  themes: ReadonlySet<string>
  toggle(kind: 'note' | 'theme', id: string, on: boolean): void
  clear(): void
}

const PickContext = createContext<Picks | null>(null)

export function PickProvider({ children }: { children: ReactNode }) {
  const link = usePlenaryLink()
  const [notes, setNotes] = useState<ReadonlySet<string>>(new Set())
  const [themes, setThemes] = useState<ReadonlySet<string>>(new Set())
  const picks = useMemo<Picks>(
    () => ({
      notes,
      themes,
      toggle(kind, id, on) {
        const set = kind === 'note' ? setNotes : setThemes
        set((s) => {
          const next = new Set(s)
          if (on) next.add(id)
          else next.delete(id)
          return next
        })
      },
      clear() {
        setNotes(new Set())
        setThemes(new Set())
      },
    }),
    [notes, themes],
  )
  if (!maySendFrom(link)) return <>{children}</>
  return <PickContext.Provider value={picks}>{children}</PickContext.Provider>
}

/** A tick box choosing a note or a theme for the plenary (nothing where one cannot send). */
export function PickBox({
  kind,
  id,
  label,
}: {
  kind: 'note' | 'theme'
  id: string
  label: string
}) {
  const picks = useContext(PickContext)
  if (!picks) return null
  const checked = (kind === 'note' ? picks.notes : picks.themes).has(id)
  return (
    <label className="pick-box">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => picks.toggle(kind, id, e.target.checked)}
        data-pick={kind}
      />
      <span className="sr-only">
        Choose {kind === 'note' ? 'note' : 'theme'} “{label}” for the plenary
      </span>
    </label>
  )
}

/** What is chosen, and the button that sends it. */
export function PickBar() {
  const picks = useContext(PickContext)
  if (!picks) return null
  const n = picks.notes.size
  const t = picks.themes.size
  const what = [
    t > 0 ? `${t} ${t === 1 ? 'theme' : 'themes'}` : '',
    n > 0 ? `${n} ${n === 1 ? 'note' : 'notes'}` : '',
  ]
    .filter((x) => x !== '')
    .join(' and ')
  return (
    <section className="pick-bar" aria-label="Chosen for the plenary">
      <span>
        {what === '' ? 'Tick notes or themes to send them to the plenary.' : `Chosen: ${what}.`}
      </span>
      <SendToPlenaryButton
        notes={[...picks.notes]}
        themes={[...picks.themes]}
        onSent={picks.clear}
      />
      {what !== '' && (
        <button type="button" className="btn small ghost" onClick={picks.clear}>
          Clear
        </button>
      )}
    </section>
  )
}
