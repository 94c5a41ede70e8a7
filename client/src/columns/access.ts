/**
 * What this person may do with one note in the columns view, and why not, so a read-only
 * card can say so. Extends board/permissions with the locks of a note and of its theme [F8.5].
 */
import type { ClusterView, NoteView } from '@sensemaking/shared'
import { canEditNote, canWrite, type Permissions } from '../board/permissions'

export interface NoteAccess {
  canEdit: boolean
  /** Shown on the card when the person could otherwise edit it: a lock. */
  reason: string | null
}

export const LOCK_REASONS = {
  board: 'The board is locked: notes are read-only.',
  note: 'Locked by a facilitator.',
  theme: 'In a locked theme.',
} as const

/** Facilitators edit any note, locked or not; participants their own, when nothing is locked. */
export function noteAccess(
  p: Permissions,
  note: Pick<NoteView, 'authorId' | 'locked' | 'clusterId'>,
  cluster: Pick<ClusterView, 'locked'> | undefined,
): NoteAccess {
  if (p.role === 'observer') return { canEdit: false, reason: null }
  const own = p.role === 'facilitator' || (note.authorId !== '' && note.authorId === p.userId)
  if (p.role === 'participant') {
    if (own && note.locked) return { canEdit: false, reason: LOCK_REASONS.note }
    if (own && cluster?.locked) return { canEdit: false, reason: LOCK_REASONS.theme }
  }
  return { canEdit: canEditNote(p, note.authorId), reason: null }
}

/** Whether this person may place and take back dots while a vote is open [F8.2]. */
export function canVote(p: Permissions): boolean {
  return canWrite(p)
}
