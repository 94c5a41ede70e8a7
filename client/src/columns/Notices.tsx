/** What a person should know before touching anything: read-only, a lock, a vote, private writing. */
import type { PrivateWriting, Role, VoteState } from '@sensemaking/shared'
import { LOCK_REASONS } from '../board/refusals'

export function Notices({
  role,
  locked,
  vote,
  dotsLeft,
  privateWriting,
  drafts,
}: {
  role: Role
  locked: boolean
  vote: VoteState
  dotsLeft: number
  privateWriting: PrivateWriting
  drafts: number
}) {
  const items: Array<{ key: string; tone: string; text: string }> = []
  if (role === 'observer') {
    items.push({
      key: 'observer',
      tone: 'info',
      text: 'You are observing: you see every note live, but do not write.',
    })
  } else if (locked && role === 'participant') {
    items.push({ key: 'locked', tone: 'warn', text: LOCK_REASONS.board })
  } else if (locked) {
    items.push({
      key: 'locked',
      tone: 'warn',
      text: 'The board is locked for participants. You can still edit.',
    })
  }
  if (privateWriting.on && role !== 'observer') {
    items.push({
      key: 'private',
      tone: 'private',
      text: 'Private writing: your new notes stay on this device until the facilitator reveals them.',
    })
  } else if (drafts > 0) {
    items.push({
      key: 'private',
      tone: 'private',
      text: `${drafts} private ${drafts === 1 ? 'note waits' : 'notes wait'} to be revealed.`,
    })
  }
  if (vote.status === 'open') {
    const text =
      role === 'observer'
        ? 'A dot vote is open.'
        : `Dot vote: place your dots on the notes that matter most. You have ${dotsLeft} of ${vote.dotsPerPerson} left.`
    items.push({ key: 'vote', tone: 'vote', text })
  } else if (vote.status === 'closed') {
    items.push({
      key: 'vote',
      tone: 'vote',
      text: 'The dot vote is closed: totals are shown on the notes.',
    })
  }
  if (items.length === 0) return null
  return (
    <div className="view-notices">
      {items.map((i) => (
        <p key={i.key} className={`notice notice-${i.tone}`} data-notice={i.key}>
          {i.text}
        </p>
      ))}
    </div>
  )
}
