/**
 * A policy case [F12] as the checks see it: the unit changes of the server's summary, and the
 * question a view asks.
 */
import type { Actor, PolicyState, UnitChange } from '../policy/permissions'
import {
  type NoteFacts,
  whyNotArrangeThemes,
  whyNotEditNote,
  whyNotFacilitate,
  whyNotLockItems,
  whyNotPost,
  whyNotRegroup,
  whyNotVote,
} from '../policy/questions'
import { judge, type Refusal } from '../policy/rules'
import { CLUSTER, NOTE, ROOT } from '../schema/keys'
import { ME, ME_CITY, ME_NAME, OTHER, type PolicyCase } from './policyCases'

/** The board state of a case, as the policy reads it (three dots each while a vote runs). */
export function stateOf(c: PolicyCase): PolicyState {
  const voteOpen = c.board?.vote === 'open'
  const state: PolicyState = voteOpen
    ? { locked: c.board?.locked === true, voteOpen, dotsPerPerson: DOTS }
    : { locked: c.board?.locked === true, voteOpen }
  if (c.board?.privateWriting) state.privateWriting = true
  if (c.board?.erased) state.erased = new Set([ERASED_ID])
  return state
}

/** The writer of every case, as the server knows them [F14.1]. */
export const actorOf = (c: PolicyCase): Actor => ({
  role: c.role,
  person: ME,
  name: ME_NAME,
  city: ME_CITY,
})

/** How the case's new note is signed [F12.15]. */
export const SIGNED = { authorId: ME, author: ME_NAME, city: ME_CITY }
export const FORGED_SIGNATURE = { authorId: OTHER, author: 'Someone else', city: 'Elsewhere' }

/** The id a case's post makes, erased from the board when the case says so [F13.1]. */
export const ERASED_ID = 'new'

/** Dots each person has while a case's vote is open. */
export const DOTS = 3
/** The fields `createNote` writes: all but the lock and the provenance, which only facilitators write [F12.5]. */
const NEW_NOTE_FIELDS = Object.values(NOTE).filter((k) => k !== NOTE.locked && k !== NOTE.source)
/** The author id of the case's note `n`. */
export const authorOf = (c: PolicyCase) =>
  ({ me: ME, other: OTHER, nobody: '' })[c.note?.author ?? 'me']

/** My dots on live notes before the case's change [F5.4]. */
const myDots = (c: PolicyCase) => (c.dots?.onNote ?? 0) + (c.dots?.elsewhere ?? 0)

/** The note `n` as the dot question knows it. */
const voteTarget = (c: PolicyCase) => ({ id: 'n', hasVoteMap: c.note?.noVoteMap !== true })

/** The note `n` as a view knows it. */
export function noteFacts(c: PolicyCase): NoteFacts {
  return {
    id: 'n',
    authorId: authorOf(c),
    locked: c.note?.locked === true,
    inLockedTheme: c.note?.theme === 'locked',
  }
}

/** The fields of theme `c` as `createCluster` and a lock wrote them. */
const themeFields = (locked: boolean) => [
  ...[CLUSTER.title, CLUSTER.column, CLUSTER.x, CLUSTER.y, CLUSTER.w, CLUSTER.h],
  ...(locked ? [CLUSTER.locked] : []),
]

const unit = (root: string, key: string | null, over: Partial<UnitChange> = {}): UnitChange => ({
  root,
  key,
  created: false,
  removed: false,
  fields: new Set<string>(),
  locked: false,
  ...over,
})

/**
 * The change as the server's summary of it reads (`summarizeTransaction` with the writer's
 * ownership facts, `ownership.ts`), the unit the case is about first.
 */
export function unitsOf(c: PolicyCase): UnitChange[] {
  const note = noteFacts(c)
  const noteLocked = note.locked || note.inLockedTheme
  const themeLocked = c.note?.theme === 'locked'
  const author = { author: note.authorId }
  const noteUnit = (fields: string[], locked = noteLocked) =>
    unit(ROOT.notes, 'n', { fields: new Set([...fields, NOTE.updatedAt]), locked, ...author })
  const dots = (delta: number) => ({ dots: { before: myDots(c), after: myDots(c) + delta } })
  const post = (attribution: typeof SIGNED, voters: string[] = []) => [
    unit(ROOT.notes, 'new', { created: true, fields: new Set(NEW_NOTE_FIELDS), attribution }),
    unit(ROOT.votes, 'new', {
      created: true,
      fields: new Set(voters),
      ...(voters.length > 0 ? { ...dots(1), wholeDots: true } : {}),
    }),
  ]
  switch (c.change) {
    case 'post':
      return post(SIGNED)
    case 'post as someone else':
      return post(FORGED_SIGNATURE)
    case 'post with dots':
      return post(SIGNED, [ME])
    case 'forge author':
      return [unit(ROOT.notes, 'n', { fields: new Set([NOTE.author, NOTE.city]), ...author })]
    case 'half a dot':
      return [unit(ROOT.votes, 'n', { fields: new Set([ME]), ...dots(0.5), wholeDots: false })]
    case 'edit':
      return [noteUnit([NOTE.text])]
    case 'move':
      return [noteUnit([NOTE.x, NOTE.y])]
    case 'tag':
      return [noteUnit([NOTE.lever])]
    case 'kind':
      return [noteUnit([NOTE.kind])]
    case 'forge source':
      return [unit(ROOT.notes, 'n', { fields: new Set([NOTE.source]), ...author })]
    case 'forge theme sources':
      return [unit(ROOT.clusters, 'c', { fields: new Set([CLUSTER.sources]) })]
    case 'delete':
      return [noteUnit([NOTE.deletedAt])]
    case 'purge':
      return [
        // Removing an entry deletes its fields too.
        unit(ROOT.notes, 'n', { removed: true, fields: new Set(NEW_NOTE_FIELDS), ...author }),
        unit(ROOT.votes, 'n', { removed: true }),
      ]
    case 'lock note':
      return [unit(ROOT.notes, 'n', { fields: new Set([NOTE.locked]), locked: true, ...author })]
    case 'lock theme':
      return [unit(ROOT.clusters, 'c', { fields: new Set([CLUSTER.locked]), locked: true })]
    case 'join theme':
      return [noteUnit([NOTE.clusterId], noteLocked || c.note?.targetLocked === true)]
    case 'leave theme':
      return [noteUnit([NOTE.clusterId])]
    case 'move theme':
      return [unit(ROOT.clusters, 'c', { fields: new Set([CLUSTER.x]), locked: themeLocked })]
    case 'make theme':
      return [
        unit(ROOT.clusters, 'made', {
          created: true,
          fields: new Set([
            CLUSTER.title,
            CLUSTER.column,
            CLUSTER.x,
            CLUSTER.y,
            CLUSTER.w,
            CLUSTER.h,
          ]),
        }),
      ]
    case 'unlock theme while editing':
      // After the change the theme is unlocked: the note reads unlocked, the lock rule alone
      // would let the edit through [F8.8].
      return [
        noteUnit([NOTE.text], note.locked),
        unit(ROOT.clusters, 'c', { fields: new Set([CLUSTER.locked]) }),
      ]
    case 'dissolve theme while moving':
      return [
        noteUnit([NOTE.clusterId, NOTE.x, NOTE.y], note.locked),
        unit(ROOT.clusters, 'c', { removed: true, fields: new Set(themeFields(themeLocked)) }),
      ]
    case 'setting':
      return [unit(ROOT.board, 'phase', { created: true, removed: true })]
    case 'dot':
      return [
        unit(ROOT.votes, 'n', {
          created: c.note?.noVoteMap === true,
          fields: new Set([ME]),
          ...dots(1),
          wholeDots: true,
        }),
      ]
    case 'take back a dot':
      return [unit(ROOT.votes, 'n', { fields: new Set([ME]), ...dots(-1), wholeDots: true })]
    case 'dot for someone else':
      return [unit(ROOT.votes, 'n', { fields: new Set([OTHER]), wholeDots: true })]
    case 'write erased record':
      return [unit(ROOT.erased, 'n', { created: true })]
    case 'write merged record':
      return [unit(ROOT.merged, 'p-me', { created: true })]
  }
}

/** The server's reason: its check over the units, the writer as the server knows them. */
export function askServer(c: PolicyCase): Refusal | null {
  for (const j of judge(actorOf(c), stateOf(c), unitsOf(c), 'server'))
    if (j.refusal) return j.refusal
  return null
}

/**
 * The views' reason: the question a view asks before it offers the change; a change no view
 * offers (a purge, a theme's lock changed along with a note) is judged as a view would judge it.
 */
export function askViews(c: PolicyCase): Refusal | null {
  const actor = actorOf(c)
  const state = stateOf(c)
  const note = noteFacts(c)
  // No view makes an entry under an erased id (a carried-over patch skips them [F13.6]): judged
  // as a view would judge such a write.
  const erasedPost = c.change === 'post' && c.board?.erased === true
  switch (erasedPost ? 'unoffered' : c.change) {
    case 'post':
      return whyNotPost(actor, state)
    case 'edit':
    case 'move':
    case 'tag':
    case 'kind':
    case 'delete':
      return whyNotEditNote(actor, state, note)
    case 'lock note':
    case 'lock theme':
      return whyNotLockItems(actor, state)
    case 'join theme':
      return whyNotRegroup(actor, state, note, { locked: c.note?.targetLocked === true })
    case 'leave theme':
      return whyNotRegroup(actor, state, note, null)
    case 'move theme':
    case 'make theme':
      return whyNotArrangeThemes(actor, state)
    case 'setting':
      return whyNotFacilitate(actor, state)
    case 'dot':
      return whyNotVote(actor, state, voteTarget(c), { before: myDots(c), after: myDots(c) + 1 })
    case 'take back a dot':
      return whyNotVote(actor, state, voteTarget(c), { before: myDots(c), after: myDots(c) - 1 })
    default: {
      for (const j of judge(actor, state, unitsOf(c), 'views')) if (j.refusal) return j.refusal
      return null
    }
  }
}
