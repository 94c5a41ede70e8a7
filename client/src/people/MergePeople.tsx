/**
 * A facilitator's "same person" in the people list [F14.9]: someone who joined on a laptop and
 * again on a phone shows twice; merging the one entry into the other makes them one person on
 * this board, or on every board of the session with the session's link (their notes and dots
 * follow; the server decides and says what moved).
 */
import type { MergePeopleAnswer } from '@sensemaking/shared'
import { useId, useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { mergePeople } from '../lib/api'
import { ApiError } from '../lib/http'
import { type LinkScope, useLinkScope } from './linkScope'
import './people.css'

/** An entry of the people list, as the merge names it. */
export interface Entry {
  id: string
  name: string
  city: string
}

type State =
  | { step: 'choose' }
  | { step: 'busy' }
  | { step: 'done'; answer: MergePeopleAnswer; into: Entry }
  | { step: 'error'; message: string }

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
const label = (e: Entry) => (e.city ? `${e.name} (${e.city})` : e.name)

/** Where a merge reaches, in words: this board, or every board of the session [F14.9]. */
export function reachText(scope: LinkScope, name: string): string {
  return scope === 'session'
    ? `On every board of this session, their notes and dots become ${name}’s, within each board’s vote’s dots per person.`
    : `Their notes and dots on this board become ${name}’s, within the vote’s dots per person.`
}

/** What a merge did, in words. */
export function mergedText(a: MergePeopleAnswer, into: Entry): string {
  const moved = `${plural(a.notes, 'note', 'notes')} and ${plural(a.dots.moved, 'dot', 'dots')} are now ${into.name}’s.`
  const where = a.boards > 1 ? `Merged on ${a.boards} boards of the session:` : 'Merged:'
  if (a.dots.returned === 0) return `${where} ${moved}`
  return `${where} ${moved} ${plural(a.dots.returned, 'dot', 'dots')} over the vote’s limit went back.`
}

export function MergePeople({
  from,
  candidates,
  onClose,
}: {
  from: Entry
  candidates: readonly Entry[]
  onClose: () => void
}) {
  const { boardId, token } = useBoard()
  const scope = useLinkScope()
  const [into, setInto] = useState(candidates[0]?.id ?? '')
  const [state, setState] = useState<State>({ step: 'choose' })
  const selectId = useId()
  const target = candidates.find((c) => c.id === into)

  async function merge(e: React.FormEvent) {
    e.preventDefault()
    if (!target) return
    setState({ step: 'busy' })
    try {
      const answer = await mergePeople(boardId, token, { from: from.id, into: target.id })
      setState({ step: 'done', answer, into: target })
    } catch (err) {
      setState({ step: 'error', message: err instanceof ApiError ? err.message : String(err) })
    }
  }

  if (state.step === 'done') {
    return (
      <div className="merge-people" aria-live="polite">
        <p role="status">{mergedText(state.answer, state.into)}</p>
        <button type="button" className="btn small" onClick={onClose}>
          Done
        </button>
      </div>
    )
  }
  return (
    <form className="merge-people" onSubmit={merge} aria-label={`Merge ${from.name}`}>
      <label htmlFor={selectId}>
        <strong>{label(from)}</strong> is the same person as
      </label>
      <select id={selectId} value={into} onChange={(e) => setInto(e.target.value)}>
        {candidates.map((c) => (
          <option key={c.id} value={c.id}>
            {label(c)}
          </option>
        ))}
      </select>
      <p className="merge-people-note">
        {reachText(scope, target?.name ?? 'that person')} This cannot be undone.
      </p>
      {state.step === 'error' && (
        <p className="merge-people-error" role="alert">
          {state.message}
        </p>
      )}
      <div className="merge-people-actions">
        <button
          type="submit"
          className="btn small primary"
          disabled={state.step === 'busy' || !target}
        >
          Merge
        </button>
        <button type="button" className="btn small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}
