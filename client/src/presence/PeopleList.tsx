/** Who is on the board: avatars in the top bar, the full list in a popover. */
import { isPersonId } from '@sensemaking/shared'
import { useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { FollowButton } from '../facilitation/follow/FollowButton'
import { type Entry, MergePeople } from '../people/MergePeople'
import { initialsOf, uniquePeople } from './presence'
import { usePeople } from './usePeople'

const ROLE_LABEL = { facilitator: 'facilitator', participant: '', observer: 'observer' } as const

export function PeopleList() {
  const { awareness, user, role } = useBoard()
  const others = uniquePeople(usePeople(awareness)).filter((p) => p.id !== user.id)
  const [open, setOpen] = useState(false)
  const [merging, setMerging] = useState<Entry | null>(null)
  const everyone = [{ ...user, role, you: true }, ...others.map((p) => ({ ...p, you: false }))]
  const shown = everyone.slice(0, 5)
  // Two entries of one person (two devices) are merged by a facilitator [F14.9]: only people
  // the server issued an id to, not a connection of its own.
  const people = role === 'facilitator' ? everyone.filter((p) => isPersonId(p.id)) : []
  const mayMerge = people.length >= 2
  return (
    <div className="people">
      <button
        type="button"
        className="people-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        title="Who is on the board"
      >
        <span className="avatars" aria-hidden="true">
          {shown.map((p) => (
            <span key={p.id} className="avatar" style={{ background: p.color }}>
              {initialsOf(p.name)}
            </span>
          ))}
        </span>
        <span className="people-count">
          {everyone.length === 1 ? 'Only you' : `${everyone.length} here`}
        </span>
      </button>
      {open && (
        <div className="popover people-popover" role="dialog" aria-label="People on this board">
          <ul>
            {everyone.map((p) => (
              <li key={p.id} data-person={p.id}>
                <span className="dot" style={{ background: p.color }} aria-hidden="true" />
                <span className="person-name">
                  {p.name}
                  {p.you && ' (you)'}
                </span>
                <span className="person-city">{p.city}</span>
                {ROLE_LABEL[p.role] && <span className="tag">{ROLE_LABEL[p.role]}</span>}
                {!p.you && <FollowButton personId={p.id} name={p.name} />}
                {mayMerge && isPersonId(p.id) && (
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`${p.name} is the same person as another entry`}
                    aria-expanded={merging?.id === p.id}
                    onClick={() => setMerging(merging?.id === p.id ? null : p)}
                  >
                    Same as…
                  </button>
                )}
              </li>
            ))}
          </ul>
          {merging && (
            <MergePeople
              key={merging.id}
              from={merging}
              candidates={people.filter((p) => p.id !== merging.id)}
              onClose={() => setMerging(null)}
            />
          )}
        </div>
      )}
    </div>
  )
}
