/**
 * The questions the views ask before they offer a change: may this person post a note, edit
 * this one, arrange themes, place a dot… and if not, why. Each question is a change the server
 * would see, judged by the same rules (`rules.ts`), every row included: the views never offer
 * what the server would refuse, and keep the courtesies the server does not check yet [F12].
 */
import { CLUSTER, NOTE, ROOT } from '../schema/keys'
import type { Actor, PolicyState, UnitChange } from './permissions'
import { judge, type Refusal } from './rules'

/** The fields a new note is written with: all but the lock and the provenance, which only facilitators write [F12.5]. */
const NEW_NOTE_FIELDS = Object.values(NOTE).filter((k) => k !== NOTE.locked && k !== NOTE.source)

/** A note as the questions need it. */
export interface NoteFacts {
  id: string
  authorId: string
  /** Its own lock [F8.5]. */
  locked: boolean
  /** It sits in a locked theme [F8.8]. */
  inLockedTheme: boolean
}

const unit = (root: string, key: string | null, over: Partial<UnitChange> = {}): UnitChange => ({
  root,
  key,
  created: false,
  removed: false,
  fields: new Set<string>(),
  locked: false,
  ...over,
})

/** The first refusal of a change the views judge; null when every unit passes. */
function ask(actor: Actor, state: PolicyState, changes: UnitChange[]): Refusal | null {
  for (const j of judge(actor, state, changes, 'views')) if (j.refusal) return j.refusal
  return null
}

/** A change to the fields of `note`, locked as the note and the themes in play say [F8.8]. */
function noteUnit(note: NoteFacts, fields: string[], themeLocked: boolean): UnitChange {
  return unit(ROOT.notes, note.id, {
    fields: new Set(fields),
    locked: note.locked || themeLocked,
    author: note.authorId,
  })
}

/** Why `actor` may not post a note now; null when they may. */
export function whyNotPost(actor: Actor, state: PolicyState): Refusal | null {
  const id = '\u0000new'
  return ask(actor, state, [
    unit(ROOT.notes, id, { created: true, fields: new Set(NEW_NOTE_FIELDS) }),
    unit(ROOT.votes, id, { created: true }),
  ])
}

/** Why `actor` may not edit, move, tag or delete `note`; null when they may. */
export function whyNotEditNote(actor: Actor, state: PolicyState, note: NoteFacts): Refusal | null {
  return ask(actor, state, [noteUnit(note, [NOTE.text], note.inLockedTheme)])
}

/**
 * Why `actor` may not put `note` into `theme` (null: out of every theme); null when they may.
 * A locked theme, the one it leaves or the one it joins, keeps participants out [F8.8].
 */
export function whyNotRegroup(
  actor: Actor,
  state: PolicyState,
  note: NoteFacts,
  theme: { locked: boolean } | null,
): Refusal | null {
  const locked = note.inLockedTheme || theme?.locked === true
  return ask(actor, state, [noteUnit(note, [NOTE.clusterId], locked)])
}

/** Why `actor` may not make, move, resize, rename or dissolve themes; null when they may. */
export function whyNotArrangeThemes(actor: Actor, state: PolicyState): Refusal | null {
  return ask(actor, state, [unit(ROOT.clusters, null, { fields: new Set([CLUSTER.x]) })])
}

/** Why `actor` may not lock or unlock notes and themes [F8.5]; null when they may. */
export function whyNotLockItems(actor: Actor, state: PolicyState): Refusal | null {
  return ask(actor, state, [unit(ROOT.notes, null, { fields: new Set([NOTE.locked]) })])
}

/** Why `actor` may not change the board's settings or run its facilitation [F8]; null when they may. */
export function whyNotFacilitate(actor: Actor, state: PolicyState): Refusal | null {
  return ask(actor, state, [unit(ROOT.board, null, { fields: new Set() })])
}

/**
 * Why `actor` may not change their dots on a note from `dots.before` to `dots.after` (their
 * dots on live notes in all) [F5.4, F8.2]; null when they may. Without a note: whether they
 * may take part in the vote at all; without `dots`: whether they may place dots on that note.
 * A note without a vote map (an older document) takes no dots from participants: its map is
 * made with the note [F5.3].
 */
export function whyNotVote(
  actor: Actor,
  state: PolicyState,
  note: { id: string; hasVoteMap: boolean } | null = null,
  dots?: { before: number; after: number },
): Refusal | null {
  const voter = actor.person ?? ''
  return ask(actor, state, [
    unit(ROOT.votes, note?.id ?? null, {
      created: note !== null && !note.hasVoteMap,
      fields: new Set([voter]),
      dots,
    }),
  ])
}
