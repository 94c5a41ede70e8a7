/**
 * The policy table [F12]: one list of cases (role × board state × change → allowed or refused,
 * with the reason). `server` is the server's verdict today, `views` the views'; they differ only
 * on the rows the views alone check. Each case runs three ways: as the unit changes the server's
 * check judges and as the question a view asks (`policyUnits.ts`), and as a real write on a
 * board (`policyBoard.ts`) that the server's write path judges
 * (server/src/integration/policyTable.test.ts).
 */
import type { Role } from '../policy/roles'
import { REFUSAL, type RefusalCode } from '../policy/rules'

/** The person who writes in every case (their id, name and city as the server signed them), and someone else. */
export const ME = 'u-me'
export const ME_NAME = 'Ana'
export const ME_CITY = 'Braga'
export const OTHER = 'u-other'

/** What a case changes. */
export type ChangeKind =
  | 'post'
  | 'edit'
  | 'move'
  | 'tag'
  | 'kind'
  | 'forge source'
  | 'forge theme sources'
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
  | 'post as someone else'
  | 'forge author'
  | 'half a dot'
  | 'post with dots'
  | 'write erased record'
  | 'write merged record'

export interface PolicyCase {
  /** The rule the case is about, cited in the test's title. */
  rule: string
  name: string
  role: Role
  change: ChangeKind
  board?: {
    locked?: boolean
    vote?: 'open' | 'closed'
    /** Private writing is on [F8.3]. */
    privateWriting?: boolean
    /** The id a post makes (`new`) was erased from the board [F13.1]. */
    erased?: boolean
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
    rule: 'F12.1',
    name: 'a facilitator edits someone’s locked note in a locked theme on a locked board',
    role: 'facilitator',
    change: 'edit',
    board: { locked: true },
    note: { author: 'other', locked: true, theme: 'locked' },
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator purges a note',
    role: 'facilitator',
    change: 'purge',
    note: { author: 'other' },
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator unlocks a theme while editing its note',
    role: 'facilitator',
    change: 'unlock theme while editing',
    note: { theme: 'locked' },
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator sets the phase',
    role: 'facilitator',
    change: 'setting',
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator makes a theme',
    role: 'facilitator',
    change: 'make theme',
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator writes provenance',
    role: 'facilitator',
    change: 'forge source',
    server: null,
    views: null,
  },
  // Observers read.
  {
    rule: 'F12.2',
    name: 'an observer posts a note',
    role: 'observer',
    change: 'post',
    server: R.observer,
    views: R.observer,
  },
  {
    rule: 'F12.2',
    name: 'an observer edits a note',
    role: 'observer',
    change: 'edit',
    note: { author: 'other' },
    server: R.observer,
    views: R.observer,
  },
  {
    rule: 'F12.2',
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
    rule: 'F12.3',
    name: 'a participant posts on a locked board',
    role: 'participant',
    change: 'post',
    board: { locked: true },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  {
    rule: 'F12.3',
    name: 'a participant edits their note on a locked board',
    role: 'participant',
    change: 'edit',
    board: { locked: true },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  {
    rule: 'F12.3',
    name: 'a participant places a dot on a locked board',
    role: 'participant',
    change: 'dot',
    board: { locked: true, vote: 'open' },
    server: R.boardLocked,
    views: R.boardLocked,
  },
  // Settings.
  {
    rule: 'F12.4',
    name: 'a participant sets the phase',
    role: 'participant',
    change: 'setting',
    server: R.facilitatorsOnly,
    views: R.facilitatorsOnly,
  },
  // Lock flags.
  {
    rule: 'F12.5',
    name: 'a participant locks their note',
    role: 'participant',
    change: 'lock note',
    server: R.lockFlag,
    views: R.lockFlag,
  },
  {
    rule: 'F12.5',
    name: 'a participant locks a theme',
    role: 'participant',
    change: 'lock theme',
    note: { theme: 'open' },
    server: R.lockFlag,
    views: R.lockFlag,
  },
  // Provenance is written by a facilitator's send or refresh.
  {
    rule: 'F12.5',
    name: 'a participant forges the source of their note',
    role: 'participant',
    change: 'forge source',
    server: R.provenance,
    views: R.provenance,
  },
  {
    rule: 'F12.5',
    name: 'a participant forges the sources of a theme',
    role: 'participant',
    change: 'forge theme sources',
    note: { theme: 'open' },
    server: R.provenance,
    views: R.provenance,
  },
  // Purge.
  {
    rule: 'F12.6',
    name: 'a participant purges their note',
    role: 'participant',
    change: 'purge',
    server: R.purge,
    views: R.purge,
  },
  // A change to a theme's lock takes the whole change down.
  {
    rule: 'F12.7',
    name: 'a participant unlocks a theme while editing its note',
    role: 'participant',
    change: 'unlock theme while editing',
    note: { theme: 'locked' },
    server: R.themeLockChange,
    views: R.themeLockChange,
  },
  {
    rule: 'F12.7',
    name: 'a participant dissolves a theme while moving its note',
    role: 'participant',
    change: 'dissolve theme while moving',
    note: { theme: 'locked' },
    server: R.themeLockChange,
    views: R.themeLockChange,
  },
  // Ownership: the views' for now.
  {
    rule: 'F12.8',
    name: 'a participant edits someone else’s note',
    role: 'participant',
    change: 'edit',
    note: { author: 'other' },
    server: R.notYours,
    views: R.notYours,
  },
  {
    rule: 'F12.8',
    name: 'a participant deletes someone else’s note',
    role: 'participant',
    change: 'delete',
    note: { author: 'other' },
    server: R.notYours,
    views: R.notYours,
  },
  {
    rule: 'F12.8',
    name: 'a participant moves a note nobody signed',
    role: 'participant',
    change: 'move',
    note: { author: 'nobody' },
    server: R.notYours,
    views: R.notYours,
  },
  {
    rule: 'F12.8',
    name: 'a participant edits, moves, tags and deletes their own note',
    role: 'participant',
    change: 'edit',
    server: null,
    views: null,
  },
  {
    rule: 'F12.8',
    name: 'a participant tags their own note',
    role: 'participant',
    change: 'tag',
    server: null,
    views: null,
  },
  {
    rule: 'F12.8',
    name: 'a participant deletes their own note',
    role: 'participant',
    change: 'delete',
    server: null,
    views: null,
  },
  {
    rule: 'F12.8',
    name: 'a participant posts a note',
    role: 'participant',
    change: 'post',
    server: null,
    views: null,
  },
  {
    rule: 'F12.8',
    name: 'someone else’s locked note says it is not theirs first',
    role: 'participant',
    change: 'edit',
    note: { author: 'other', locked: true },
    server: R.notYours,
    views: R.notYours,
  },
  {
    rule: 'F3.9',
    name: 'a participant sets the kind of their note, as they set its lever',
    role: 'participant',
    change: 'kind',
    server: null,
    views: null,
  },
  // Themes: the views' for now.
  {
    rule: 'F12.9',
    name: 'a participant moves an unlocked theme',
    role: 'participant',
    change: 'move theme',
    note: { theme: 'open' },
    server: R.themes,
    views: R.themes,
  },
  {
    rule: 'F12.9',
    name: 'a participant makes a theme',
    role: 'participant',
    change: 'make theme',
    server: R.themes,
    views: R.themes,
  },
  {
    rule: 'F12.9',
    name: 'a participant moves a locked theme',
    role: 'participant',
    change: 'move theme',
    note: { theme: 'locked' },
    server: R.themes,
    views: R.themes,
  },
  // Locks.
  {
    rule: 'F12.10',
    name: 'a participant edits their locked note',
    role: 'participant',
    change: 'edit',
    note: { locked: true },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F12.10',
    name: 'a participant moves their note in a locked theme',
    role: 'participant',
    change: 'move',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F12.10',
    name: 'a participant deletes their note in a locked theme',
    role: 'participant',
    change: 'delete',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F12.10',
    name: 'a participant takes their note out of a locked theme',
    role: 'participant',
    change: 'leave theme',
    note: { theme: 'locked' },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F12.10',
    name: 'a participant puts their note into a locked theme',
    role: 'participant',
    change: 'join theme',
    note: { targetLocked: true },
    server: R.locked,
    views: R.locked,
  },
  {
    rule: 'F12.10',
    name: 'a participant puts their note into an unlocked theme',
    role: 'participant',
    change: 'join theme',
    server: null,
    views: null,
  },
  {
    rule: 'F12.10',
    name: 'a participant takes their note out of an unlocked theme',
    role: 'participant',
    change: 'leave theme',
    note: { theme: 'open' },
    server: null,
    views: null,
  },
  {
    rule: 'F12.10',
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
    rule: 'F12.11',
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
    rule: 'F12.12',
    name: 'a participant places a dot with no vote',
    role: 'participant',
    change: 'dot',
    note: { author: 'other' },
    server: R.voteClosed,
    views: R.voteClosed,
  },
  {
    rule: 'F12.12',
    name: 'a participant places a dot after the vote closed',
    role: 'participant',
    change: 'dot',
    board: { vote: 'closed' },
    note: { author: 'other' },
    server: R.voteClosed,
    views: R.voteClosed,
  },
  {
    rule: 'F12.12',
    name: 'a participant posts while no vote is open (the note’s empty vote map)',
    role: 'participant',
    change: 'post',
    board: { vote: 'closed' },
    server: null,
    views: null,
  },
  // Own dots [F12.13].
  {
    rule: 'F12.13',
    name: 'a participant sets someone else’s dots',
    role: 'participant',
    change: 'dot for someone else',
    board: { vote: 'open' },
    server: R.notYourDots,
    views: R.notYourDots,
  },
  // Dots per person [F12.14].
  {
    rule: 'F12.14',
    name: 'a participant places a dot beyond their three',
    role: 'participant',
    change: 'dot',
    board: { vote: 'open' },
    note: { author: 'other' },
    dots: { elsewhere: 3 },
    server: R.noDotsLeft,
    views: R.noDotsLeft,
  },
  {
    rule: 'F12.14',
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
    rule: 'F12.14',
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
  // Attribution: written once, by its writer [F12.15].
  {
    rule: 'F12.15',
    name: 'a participant posts a note signed with someone else’s id',
    role: 'participant',
    change: 'post as someone else',
    server: R.attribution,
    views: R.attribution,
  },
  {
    rule: 'F12.15',
    name: 'a participant rewrites the author and city of their own note',
    role: 'participant',
    change: 'forge author',
    server: R.attribution,
    views: R.attribution,
  },
  {
    rule: 'F12.8',
    name: 'a participant rewrites the author of someone else’s note: not theirs first',
    role: 'participant',
    change: 'forge author',
    note: { author: 'other' },
    server: R.notYours,
    views: R.notYours,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator corrects the author of someone’s note',
    role: 'facilitator',
    change: 'forge author',
    note: { author: 'other' },
    server: null,
    views: null,
  },
  // Dots are whole [F12.16], a new note brings none [F12.11].
  {
    rule: 'F12.16',
    name: 'a participant writes half a dot',
    role: 'participant',
    change: 'half a dot',
    board: { vote: 'open' },
    server: R.badDots,
    views: R.badDots,
  },
  {
    rule: 'F12.11',
    name: 'a participant posts a note whose vote map already holds their dots',
    role: 'participant',
    change: 'post with dots',
    board: { vote: 'open' },
    server: R.voteMap,
    views: R.voteMap,
  },
  // Private writing [F12.17].
  {
    rule: 'F12.17',
    name: 'a participant posts on the board during private writing',
    role: 'participant',
    change: 'post',
    board: { privateWriting: true },
    server: R.privateWriting,
    views: R.privateWriting,
  },
  {
    rule: 'F12.17',
    name: 'a participant edits their note during private writing',
    role: 'participant',
    change: 'edit',
    board: { privateWriting: true },
    server: null,
    views: null,
  },
  {
    rule: 'F12.1',
    name: 'a facilitator posts during private writing',
    role: 'facilitator',
    change: 'post',
    board: { privateWriting: true },
    server: null,
    views: null,
  },
  // Erased entries stay erased, whoever writes [F13.7].
  {
    rule: 'F13.7',
    name: 'a facilitator’s device brings back a note under an erased id',
    role: 'facilitator',
    change: 'post',
    board: { erased: true },
    server: R.erased,
    views: R.erased,
  },
  {
    rule: 'F13.7',
    name: 'a participant’s device brings back a note under an erased id',
    role: 'participant',
    change: 'post',
    board: { erased: true },
    server: R.erased,
    views: R.erased,
  },
  {
    rule: 'F13.7',
    name: 'a facilitator changes the record of erased ids',
    role: 'facilitator',
    change: 'write erased record',
    server: R.erased,
    views: R.erased,
  },
  {
    rule: 'F13.7',
    name: 'a participant changes the record of erased ids',
    role: 'participant',
    change: 'write erased record',
    server: R.erased,
    views: R.erased,
  },
  // The record of merged people is the server's merge's, whoever writes [F14.9].
  {
    rule: 'F14.9',
    name: 'a facilitator’s device writes the record of merged people',
    role: 'facilitator',
    change: 'write merged record',
    server: R.merged,
    views: R.merged,
  },
  {
    rule: 'F14.9',
    name: 'a participant says they are another person on this board',
    role: 'participant',
    change: 'write merged record',
    server: R.merged,
    views: R.merged,
  },
]

/** The title of a case's test: its rule, then what happens. */
export const caseTitle = (c: PolicyCase) => `[${c.rule}] ${c.name}`
