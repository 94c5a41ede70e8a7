/**
 * Who may change what on a board [F12] is a pure function of the writer, the board's state
 * before the change, and a summary of the change in units: these are its terms. The rules are
 * one table (`rules.ts`); the server reverts exactly the units they refuse (`deniedChanges`),
 * and the views ask the same rules before they offer a change (`questions.ts`).
 */
import type { Role } from './roles'

/** Who writes. */
export interface Actor {
  role: Role
  /**
   * The person writing: the id the server issued them [F14.1] (for a connection without a
   * credential, one of its own [F14.3]). Null only where nobody is known (a tool's own check);
   * the rules that need a person then pass.
   */
  person: string | null
  /** Their name and city as the server signed them [F14.1]; absent when not known. */
  name?: string
  city?: string
}

/** The board as it stood before the change (read from the document). */
export interface PolicyState {
  /** The whole board is locked: participants are read-only [F2.6]. */
  locked: boolean
  /** A dot vote is open [F8.2]. */
  voteOpen: boolean
  /** Dots each person may place while the vote is open [F8.2]; absent when not known. */
  dotsPerPerson?: number
  /** Private writing is on [F8.3]: new notes stay on their writers' devices until the reveal. */
  privateWriting?: boolean
  /** Ids erased from the board [F13.1]: nobody makes an entry under one [F13.7]. */
  erased?: ReadonlySet<string>
}

/**
 * One unit of change: an entry of a root map (a note, a cluster, a note's votes, a board
 * setting) or anything under an unknown root type. The server reverts whole units.
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
  /** Notes: the author id of the note before the change ('' for none); absent when not known. */
  author?: string
  /** Votes: the writer's dots on live notes before and after the change [F5.4]; absent when not known. */
  dots?: { before: number; after: number }
  /** Notes created by the change: the attribution they were written with [F12.15]. */
  attribution?: Attribution
  /** Votes: false when a count written is not a whole number of at least 1 [F12.16]. */
  wholeDots?: boolean
}

/** Who a note says wrote it [F3.1]. */
export interface Attribution {
  authorId: string
  author: string
  city: string
}

/** The policy state of a board from its settings, its vote, private writing and its erased ids. */
export function policyState(
  meta: { locked: boolean },
  vote: { status: string; dotsPerPerson?: number },
  privateWriting?: { on: boolean },
  erased?: ReadonlySet<string>,
): PolicyState {
  const state: PolicyState =
    vote.status === 'open' && vote.dotsPerPerson !== undefined
      ? { locked: meta.locked, voteOpen: true, dotsPerPerson: vote.dotsPerPerson }
      : { locked: meta.locked, voteOpen: vote.status === 'open' }
  if (privateWriting?.on) state.privateWriting = true
  if (erased && erased.size > 0) state.erased = erased
  return state
}
