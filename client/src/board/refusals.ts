/**
 * What the views say about the policy's answers: whether this person may edit a note and, when
 * a lock stops them, the words on its card [F12.10].
 */
import {
  type Actor,
  inLockedTheme,
  type NoteFacts,
  type NoteView,
  type PolicyState,
  REFUSAL,
  whyNotEditNote,
} from '@sensemaking/shared'

export const LOCK_REASONS = {
  board: 'The board is locked: notes are read-only.',
  note: 'Locked by a facilitator.',
  theme: 'In a locked theme.',
} as const

/** A note as the policy's questions know it. */
export function noteFacts(
  note: Pick<NoteView, 'id' | 'authorId' | 'locked' | 'clusterId'>,
  lockedThemes: ReadonlySet<string>,
): NoteFacts {
  return {
    id: note.id,
    authorId: note.authorId,
    locked: note.locked,
    inLockedTheme: inLockedTheme(note, lockedThemes),
  }
}

export interface NoteAccess {
  canEdit: boolean
  /**
   * Said on the card when a lock stops this person (not when the note is someone else's, or for
   * an observer; a locked board is one notice for every card).
   */
  reason: string | null
}

/** May this person edit, move, tag or delete the note, and if a lock stops them, why. */
export function noteAccess(
  actor: Actor,
  policy: PolicyState,
  note: Pick<NoteView, 'id' | 'authorId' | 'locked' | 'clusterId'>,
  lockedThemes: ReadonlySet<string>,
): NoteAccess {
  const refusal = whyNotEditNote(actor, policy, noteFacts(note, lockedThemes))
  if (refusal === null) return { canEdit: true, reason: null }
  if (refusal.code !== REFUSAL.locked) return { canEdit: false, reason: null }
  return { canEdit: false, reason: note.locked ? LOCK_REASONS.note : LOCK_REASONS.theme }
}
