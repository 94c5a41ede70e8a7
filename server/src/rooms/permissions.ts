/**
 * Who may change what on a board: a pure function of the writer's role, the board's state before
 * the change, and a summary of the change. The room reverts exactly the denied units.
 * Facilitation rules (note and cluster locks, a theme's lock over its notes, votes) extend
 * `deniedChanges`; keep it pure.
 */
import { CLUSTER, NOTE, ROOT } from '@sensemaking/shared'

export type Role = 'facilitator' | 'participant' | 'observer'

export const ROLES: readonly Role[] = ['facilitator', 'participant', 'observer']

/** The board as it stood before the change (read from the document by the room). */
export interface PolicyState {
  /** The whole board is locked: participants are read-only [F2.6]. */
  locked: boolean
  /** A dot vote is open [F8.2]. */
  voteOpen: boolean
}

/**
 * One unit of change: an entry of a root map (a note, a cluster, a note's votes, a board
 * setting) or anything under an unknown root type. The room reverts whole units.
 */
export interface UnitChange {
  /** The root type's name ("board", "notes", "clusters", "votes", or another name). */
  root: string
  /** The key in the root map (note id, setting name); null for non-map roots. */
  key: string | null
  /** The entry itself was set (a new note, a new value of a setting). */
  created: boolean
  /** The entry's previous value was deleted or overwritten. */
  removed: boolean
  /** Keys changed inside the entry (note fields, voter ids). */
  fields: ReadonlySet<string>
  /**
   * Notes and clusters: the entry's lock flag as it stands after the change [F8.5]; for a
   * note, also its theme's, the theme it is in after the change or left in it [F8.8].
   */
  locked: boolean
}

/** The units of one change that `role` may not make; empty when the change is allowed. */
export function deniedChanges(
  role: Role,
  state: PolicyState,
  changes: readonly UnitChange[],
): UnitChange[] {
  if (role === 'facilitator') return []
  if (role === 'observer' || state.locked) return [...changes]
  // A theme's lock reaches its notes [F8.8]; a change that unlocks or removes a theme would
  // free them before they are checked, and no participant's view makes one: refused whole.
  if (changes.some(freesTheme)) return [...changes]
  const createdNotes = new Set(
    changes.filter((c) => c.root === ROOT.notes && c.created).map((c) => c.key),
  )
  return changes.filter((c) => !participantMay(c, state, createdNotes))
}

/** True when the whole change is allowed. */
export function isAllowed(role: Role, state: PolicyState, changes: readonly UnitChange[]): boolean {
  return deniedChanges(role, state, changes).length === 0
}

/** A change to a theme that could lift the lock of its notes: its lock flag, its removal. */
function freesTheme(c: UnitChange): boolean {
  return c.root === ROOT.clusters && (c.removed || c.fields.has(CLUSTER.locked))
}

/** A participant on an unlocked board. */
function participantMay(
  c: UnitChange,
  state: PolicyState,
  createdNotes: ReadonlySet<string | null>,
): boolean {
  switch (c.root) {
    case ROOT.notes:
    case ROOT.clusters:
      // Soft-delete is a field; removing or replacing the entry is a facilitator's purge.
      // Locks are the facilitator's; a locked item is read-only [F8.5]. Provenance is written
      // by a facilitator's send or refresh, never forged by a participant [F11].
      return (
        !c.removed &&
        !c.locked &&
        !c.fields.has(NOTE.locked) &&
        !c.fields.has(NOTE.source) &&
        !c.fields.has(CLUSTER.sources)
      )
    case ROOT.votes:
      if (c.removed) return false
      // A note's vote map is made with the note, by its creator [F5.3].
      if (c.created && !createdNotes.has(c.key)) return false
      // Dots only while a vote is open [F8.2].
      return c.fields.size === 0 || state.voteOpen
    default:
      // The board map holds settings (title, columns, phase, lock, timer…): facilitators only.
      // Unknown root types are not part of the format.
      return false
  }
}
