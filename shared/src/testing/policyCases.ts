/**
 * The policy table [F11]: one list of cases (role × board state × change → allowed or refused,
 * with the reason), each with what it takes to run it three ways: as the unit changes the
 * server's check judges (`unitsOf`), as the question a view asks (`askViews`), and as a real
 * write on a board (`setUpBoard`, `act`), which the server's write path judges
 * (server/src/integration/policyTable.test.ts). `server` is the server's verdict today, `views`
 * the views'; they differ only on the rows the views alone check.
 */
import * as Y from 'yjs'
import {
  assignToCluster,
  createCluster,
  dissolveCluster,
  setClusterBounds,
} from '../board/clusters'
import { setLocked, setPhase } from '../board/meta'
import {
  createNote,
  deleteNote,
  moveNotes,
  purgeNote,
  setLever,
  setText,
  type WriteOptions,
} from '../board/notes'
import { votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { setItemsLocked } from '../facilitation/locks'
import { setVote } from '../facilitation/session'
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
import type { Role } from '../policy/roles'
import { judge, REFUSAL, type Refusal, type RefusalCode } from '../policy/rules'
import { CLUSTER, NOTE, ROOT } from '../schema/keys'
import { newBoard } from './board'

/** The person who writes in every case, and someone else. */
export const ME = 'u-me'
export const OTHER = 'u-other'

/** What a case changes. */
export type ChangeKind =
  | 'post'
  | 'edit'
  | 'move'
  | 'tag'
  | 'delete'
  | 'purge'
  | 'lock note'
  | 'lock theme'
  | 'join theme'
  | 'leave theme'
  | 'move theme'
  | 'make theme'
  | 'unlock theme while editing'
  | 'dissolve theme while moving'
  | 'setting'
  | 'dot'
  | 'take back a dot'
  | 'dot for someone else'

export interface PolicyCase {
  /** The rule the case is about, cited in the test's title. */
  rule: string
  name: string
  role: Role
  change: ChangeKind
  board?: {
    locked?: boolean
    vote?: 'open' | 'closed'
  }
  /** The note `n` the change is about (a participant's own by default). */
  note?: {
    author?: 'me' | 'other' | 'nobody'
    locked?: boolean
    /** `n` is in theme `c`, locked or not. */
    theme?: 'open' | 'locked'
    /** The theme `d` a note joins is locked. */
    targetLocked?: boolean
    /** `n` has no vote map (an older or third-party document [F5.3]). */
    noVoteMap?: boolean
  }
  /** My dots before the change: on `n`, on another live note, on a deleted one. */
  dots?: { onNote?: number; elsewhere?: number; onDeleted?: number }
  /** The reason the server refuses the change (the first refused unit's), or null. */
  server: RefusalCode | null
  /** The reason a view refuses it, or null. */
  views: RefusalCode | null
}

const R = REFUSAL

export const POLICY_CASES: readonly PolicyCase[] = [
  // Facilitators are refused nothing.
  {
    rule: 'F11.1',
    name: 'a facilitator edits someone’s locked note in a locked theme on a locked board',
    role: 'facilitator',
    change: 'edit',
    board: { locked: true },
    note: { author: 'other', locked: true, theme: 'locked' },
    server: null,
    views: null,
  },
  {
    rule: 'F11.1',
    name: 'a facilitator purges a note',
    role: 'facilitator',
    change: 'purge',
    note: { author: 'other' },
    server: null,
    views: null,
  },
  {
    rule: 'F11.1',
    name: 'a facilitator unlocks a theme while editing its note',
    role: 'facilitator',
    change: 'unlock theme while editing',
    note: { theme: 'locked' },
    server: null,
    views: null,
  },
  {
    rule: 'F11.1',
    name: 'a facilitator sets the phase',
    role: 'facilitator',
    change: 'setting',
    server: null,
    views: null,
  },
  {
    rule: 'F11.1',
    name: 'a facilitator makes a theme',
    role: 'facilitator',
    change: 'make theme',
    server: null,
    views: null,
  },
  // Observers read.
  {
    rule: 'F11.2',
    name: 'an observer posts a note',
    role: 'observer',
    change: 'post',
    server: R.observer,
    views: R.observer,
  },
  {
    rule: 'F11.2',
    name: 'an observer edits a note',
    role: 'observer',
    change: 'edit',
    note: { author: 'other' },
    server: R.observer,
    views: R.observer,
  },
  {
    rule: 'F11.2',
    name: 'an observer places a dot in an open vote',
    role: 'observer',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    server: R.observer,
    views: R.observer,
  },
  // A locked board.
  {
    rule: 'F11.3',
    name: 'a participant posts on a locked board',
    role: 'participant',
    change: 'post',
    board: { locked: true },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  {
    rule: 'F11.3',
    name: 'a participant edits their note on a locked board',
    role: 'participant',
    change: 'edit',
    board: { locked: true },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  {
    rule: 'F11.3',
    name: 'a participant places a dot on a locked board',
    role: 'participant',
    change: 'dot',
    board: { locked: true, vote: 'open' },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  // Settings.
  {
    rule: 'F11.4',
    name: 'a participant sets the phase',
    role: 'participant',
    change: 'setting',
    server: R.facilitatorsOnly,
    views: R.facilitatorsOnly,
  },
  // Lock flags.
  {
    rule: 'F11.5',
    name: 'a participant locks their note',
    role: 'participant',
    change: 'lock note',
    server: R.lockFlag,
    views: R.lockFlag,
  },
  {
    rule: 'F11.5',
    name: 'a participant locks a theme',
    role: 'participant',
    change: 'lock theme',
    note: { theme: 'open' },
    server: R.lockFlag,
    views: R.lockFlag,
  },
  // Purge.
  {
    rule: 'F11.6',
    name: 'a participant purges their note',
    role: 'participant',
    change: 'purge',
    server: R.purge,
    views: R.purge,
  },
  // A change to a theme's lock takes the whole change down.
  {
    rule: 'F11.7',
    name: 'a participant unlocks a theme while editing its note',
    role: 'participant',
    change: 'unlock theme while editing',
    note: { theme: 'locked' },
    server: R.themeLockChange,
    views: R.themeLockChange,
  },
  {
    rule: 'F11.7',
    name: 'a participant dissolves a theme while moving its note',
    role: 'participant',
    change: 'dissolve theme while moving',
    note: { theme: 'locked' },
    server: R.themeLockChange,
    views: R.themeLockChange,
  },
  // Ownership: the views' for now.
  {
    rule: 'F11.8',
    name: 'a participant edits someone else’s note',
    role: 'participant',
    change: 'edit',
    note: { author: 'other' },
    server: null,
    views: R.notYours,
  },
  {
    rule: 'F11.8',
    name: 'a participant deletes someone else’s note',
    role: 'participant',
    change: 'delete',
    note: { author: 'other' },
    server: null,
    views: R.notYours,
  },
  {
    rule: 'F11.8',
    name: 'a participant moves a note nobody signed',
    role: 'participant',
    change: 'move',
    note: { author: 'nobody' },
    server: null,
    views: R.notYours,
  },
  {
    rule: 'F11.8',
    name: 'a participant edits, moves, tags and deletes their own note',
    role: 'participant',
    change: 'edit',
    server: null,
    views: null,
  },
  {
    rule: 'F11.8',
    name: 'a participant tags their own note',
    role: 'participant',
    change: 'tag',
    server: null,
    views: null,
  },
  {
    rule: 'F11.8',
    name: 'a participant deletes their own note',
    role: 'participant',
    change: 'delete',
    server: null,
    views: null,
  },
  {
    rule: 'F11.8',
    name: 'a participant posts a note',
    role: 'participant',
    change: 'post',
    server: null,
    views: null,
  },
  {
    rule: 'F11.8',
    name: 'someone else’s locked note says it is not theirs first',
    role: 'participant',
    change: 'edit',
    note: { author: 'other', locked: true },
    server: R.locked,
    views: R.notYours,
  },
  // Themes: the views' for now.
  {
    rule: 'F11.9',
    name: 'a participant moves an unlocked theme',
    role: 'participant',
    change: 'move theme',
    note: { theme: 'open' },
    server: null,
    views: R.themes,
  },
  {
    rule: 'F11.9',
    name: 'a participant makes a theme',
    role: 'participant',
    change: 'make theme',
    server: null,
    views: R.themes,
  },
  {
    rule: 'F11.9',
    name: 'a participant moves a locked theme',
    role: 'participant',
    change: 'move theme',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.themes,
  },
  // Locks.
  {
    rule: 'F11.10',
    name: 'a participant edits their locked note',
    role: 'participant',
    change: 'edit',
    note: { locked: true },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F11.10',
    name: 'a participant moves their note in a locked theme',
    role: 'participant',
    change: 'move',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F11.10',
    name: 'a participant deletes their note in a locked theme',
    role: 'participant',
    change: 'delete',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F11.10',
    name: 'a participant takes their note out of a locked theme',
    role: 'participant',
    change: 'leave theme',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F11.10',
    name: 'a participant puts their note into a locked theme',
    role: 'participant',
    change: 'join theme',
    note: { targetLocked: true },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F11.10',
    name: 'a participant puts their note into an unlocked theme',
    role: 'participant',
    change: 'join theme',
    server: null,
    views: null,
  },
  {
    rule: 'F11.10',
    name: 'a participant takes their note out of an unlocked theme',
    role: 'participant',
    change: 'leave theme',
    note: { theme: 'open' },
    server: null,
    views: null,
  },
  {
    rule: 'F11.10',
    name: 'dots on a note of a locked theme pass while a vote is open',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { theme: 'locked', locked: true },
    server: null,
    views: null,
  },
  // Vote maps.
  {
    rule: 'F11.11',
    name: 'a participant makes the vote map of a note that has none',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other', noVoteMap: true },
    server: R.voteMap,
    views: R.voteMap,
  },
  // Dots only while a vote is open.
  {
    rule: 'F11.12',
    name: 'a participant places a dot with no vote',
    role: 'participant',
    change: 'dot',
    note: { author: 'other' },
    server: R.voteClosed,
    views: R.voteClosed,
  },
  {
    rule: 'F11.12',
    name: 'a participant places a dot after the vote closed',
    role: 'participant',
    change: 'dot',
    board: { vote: 'closed' },
    note: { author: 'other' },
    server: R.voteClosed,
    views: R.voteClosed,
  },
  {
    rule: 'F11.12',
    name: 'a participant posts while no vote is open (the note’s empty vote map)',
    role: 'participant',
    change: 'post',
    board: { vote: 'closed' },
    server: null,
    views: null,
  },
  // Own dots: the views' for now.
  {
    rule: 'F11.13',
    name: 'a participant sets someone else’s dots',
    role: 'participant',
    change: 'dot for someone else',
    board: { vote: 'open' },
    server: null,
    views: R.notYourDots,
  },
  // Dots per person: the views' for now.
  {
    rule: 'F11.14',
    name: 'a participant places a dot beyond their three',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    dots: { elsewhere: 3 },
    server: null,
    views: R.noDotsLeft,
  },
  {
    rule: 'F11.14',
    name: 'a participant places their third dot',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    dots: { elsewhere: 2 },
    server: null,
    views: null,
  },
  {
    rule: 'F11.14',
    name: 'a participant over the cap (a note restored) takes a dot back',
    role: 'participant',
    change: 'take back a dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    dots: { onNote: 2, elsewhere: 3 },
    server: null,
    views: null,
  },
  {
    rule: 'F5.4',
    name: 'dots on a deleted note come back: a participant with three there places one',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    dots: { onDeleted: 3 },
    server: null,
    views: null,
  },
]

/** The title of a case's test: its rule, then what happens. */
export const caseTitle = (c: PolicyCase) => `[${c.rule}] ${c.name}`

/** The board state of a case, as the policy reads it (three dots each while a vote runs). */
export function stateOf(c: PolicyCase): PolicyState {
  const voteOpen = c.board?.vote === 'open'
  return voteOpen
    ? { locked: c.board?.locked === true, voteOpen, dotsPerPerson: DOTS }
    : { locked: c.board?.locked === true, voteOpen }
}

const DOTS = 3
/** The fields `createNote` writes: all but the lock, which only a facilitator sets [F8.5]. */
const NEW_NOTE_FIELDS = Object.values(NOTE).filter((k) => k !== NOTE.locked)
const authorOf = (c: PolicyCase) => ({ me: ME, other: OTHER, nobody: '' })[c.note?.author ?? 'me']

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
 * The change as the server's summary of it reads (`summarizeTransaction`), the unit the case is
 * about first. The server does not know authors or dots yet: those stay out of its units.
 */
export function unitsOf(c: PolicyCase, forViews = false): UnitChange[] {
  const note = noteFacts(c)
  const noteLocked = note.locked || note.inLockedTheme
  const themeLocked = c.note?.theme === 'locked'
  const author = forViews ? { author: note.authorId } : {}
  const noteUnit = (fields: string[], locked = noteLocked) =>
    unit(ROOT.notes, 'n', { fields: new Set([...fields, NOTE.updatedAt]), locked, ...author })
  const dots = (delta: number) =>
    forViews ? { dots: { before: myDots(c), after: myDots(c) + delta } } : {}
  switch (c.change) {
    case 'post':
      return [
        unit(ROOT.notes, 'new', { created: true, fields: new Set(NEW_NOTE_FIELDS) }),
        unit(ROOT.votes, 'new', { created: true }),
      ]
    case 'edit':
      return [noteUnit([NOTE.text])]
    case 'move':
      return [noteUnit([NOTE.x, NOTE.y])]
    case 'tag':
      return [noteUnit([NOTE.lever])]
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
        }),
      ]
    case 'take back a dot':
      return [unit(ROOT.votes, 'n', { fields: new Set([ME]), ...dots(-1) })]
    case 'dot for someone else':
      return [unit(ROOT.votes, 'n', { fields: new Set([OTHER]) })]
  }
}

/** The server's reason: its check over the units, the writer unknown to it. */
export function askServer(c: PolicyCase): Refusal | null {
  const actor: Actor = { role: c.role, person: null }
  for (const j of judge(actor, stateOf(c), unitsOf(c), 'server')) if (j.refusal) return j.refusal
  return null
}

/**
 * The views' reason: the question a view asks before it offers the change; a change no view
 * offers (a purge, a theme's lock changed along with a note) is judged as a view would judge it.
 */
export function askViews(c: PolicyCase): Refusal | null {
  const actor: Actor = { role: c.role, person: ME }
  const state = stateOf(c)
  const note = noteFacts(c)
  switch (c.change) {
    case 'post':
      return whyNotPost(actor, state)
    case 'edit':
    case 'move':
    case 'tag':
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
      for (const j of judge(actor, state, unitsOf(c, true), 'views'))
        if (j.refusal) return j.refusal
      return null
    }
  }
}

/**
 * The board before the change, written as a facilitator would: note `n` (and `m`, `gone`),
 * themes `c` and `d`, locks, the vote and my dots.
 */
export function setUpBoard(c: PolicyCase, doc: Y.Doc = newBoard()): Y.Doc {
  const at = (x: number, y: number) => ({ column: 'so-what', x, y })
  createNote(doc, { id: 'n', text: 'the note', authorId: authorOf(c), ...at(80, 400) })
  createNote(doc, { id: 'm', text: 'another note', authorId: OTHER, ...at(400, 400) })
  createNote(doc, { id: 'gone', text: 'a deleted note', authorId: OTHER, ...at(720, 400) })
  if (c.note?.theme) {
    createCluster(doc, {
      id: 'c',
      title: 'Theme',
      column: 'so-what',
      x: 40,
      y: 300,
      w: 300,
      h: 360,
      noteIds: ['n'],
    })
  }
  createCluster(doc, {
    id: 'd',
    title: 'Other theme',
    column: 'so-what',
    x: 40,
    y: 900,
    w: 300,
    h: 300,
  })
  if (c.note?.noVoteMap) votesMap(doc).delete('n')
  if (c.dots?.onNote) setVotes(doc, 'n', ME, c.dots.onNote)
  if (c.dots?.elsewhere) setVotes(doc, 'm', ME, c.dots.elsewhere)
  if (c.dots?.onDeleted) setVotes(doc, 'gone', ME, c.dots.onDeleted)
  deleteNote(doc, 'gone')
  if (c.note?.locked) setItemsLocked(doc, { notes: ['n'] }, true)
  if (c.note?.theme === 'locked') setItemsLocked(doc, { clusters: ['c'] }, true)
  if (c.note?.targetLocked) setItemsLocked(doc, { clusters: ['d'] }, true)
  if (c.board?.vote) setVote(doc, { status: c.board.vote, dotsPerPerson: DOTS, round: 1 })
  if (c.board?.locked) setLocked(doc, true)
  return doc
}

/** The change itself, as the writer's replica makes it. */
export function act(c: PolicyCase, doc: Y.Doc, opts: WriteOptions = {}): void {
  const mine = (n: number) => setVotes(doc, 'n', ME, n, opts)
  switch (c.change) {
    case 'post':
      createNote(doc, { id: 'new', text: 'a new note', column: 'what', authorId: ME }, opts)
      return
    case 'edit':
      setText(doc, 'n', 'the note, changed', opts)
      return
    case 'move':
      moveNotes(doc, [{ id: 'n', x: 120, y: 460 }], opts)
      return
    case 'tag':
      setLever(doc, 'n', 'finance-funding', opts)
      return
    case 'delete':
      deleteNote(doc, 'n', opts)
      return
    case 'purge':
      purgeNote(doc, 'n', opts)
      return
    case 'lock note':
      setItemsLocked(doc, { notes: ['n'] }, true, opts)
      return
    case 'lock theme':
      setItemsLocked(doc, { clusters: ['c'] }, true, opts)
      return
    case 'join theme':
      assignToCluster(doc, ['n'], 'd', opts)
      return
    case 'leave theme':
      assignToCluster(doc, ['n'], null, opts)
      return
    case 'move theme':
      setClusterBounds(doc, 'c', { x: 60 }, opts)
      return
    case 'make theme':
      createCluster(
        doc,
        { id: 'made', title: 'New', column: 'what', x: 0, y: 200, w: 300, h: 300 },
        opts,
      )
      return
    case 'unlock theme while editing':
      doc.transact(() => {
        setItemsLocked(doc, { clusters: ['c'] }, false, opts)
        setText(doc, 'n', 'slipped in while unlocking', opts)
      }, opts.origin)
      return
    case 'dissolve theme while moving':
      doc.transact(() => {
        dissolveCluster(doc, 'c', opts)
        moveNotes(doc, [{ id: 'n', x: 120, y: 460 }], opts)
      }, opts.origin)
      return
    case 'setting':
      setPhase(doc, 'what', opts)
      return
    case 'dot':
      mine((c.dots?.onNote ?? 0) + 1)
      return
    case 'take back a dot':
      mine((c.dots?.onNote ?? 0) - 1)
      return
    case 'dot for someone else':
      setVotes(doc, 'n', OTHER, 1, opts)
      return
  }
}

/** Used by `setUpBoard` callers that need a replica of the board as it stood. */
export function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}
