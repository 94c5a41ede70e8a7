/**
 * The rules of who may change what [F12], as one table: each row cites its rule in SPEC.md,
 * gives the reason a refusal carries, and says who checks it. The server checks the rows marked
 * `server` and reverts what they refuse; the views check every row and offer only what passes,
 * so the two cannot disagree about a `server` row. A `views` row would be a courtesy the server
 * does not check; since the server knows who writes [F14], every row is the server's, ownership
 * of notes and dots included.
 *
 * Rows are read in order for participants (facilitators are refused nothing [F12.1] but what
 * a row for `everyone` refuses: bringing back an erased entry [F13.7], writing the record of
 * merged people [F14.9]); the first that refuses
 * gives the reason.
 */
import { CLUSTER, NOTE, ROOT } from '../schema/keys'
import type { Actor, Attribution, PolicyState, UnitChange } from './permissions'
import type { Role } from './roles'

/** Why a change is refused: one code per kind of refusal. */
export const REFUSAL = {
  /** Observers write nothing [F12.2]. */
  observer: 'observer',
  /** The board is locked [F12.3]. */
  boardLocked: 'board-locked',
  /** Board settings and facilitation state, and roots outside the format [F12.4]. */
  facilitatorsOnly: 'facilitators-only',
  /** A note's or a theme's lock flag [F12.5]. */
  lockFlag: 'lock-flag',
  /** A note's or a theme's provenance, written by a facilitator's send or refresh [F12.5]. */
  provenance: 'provenance',
  /** Removing or replacing an entry: a facilitator's purge [F12.6]. */
  purge: 'purge',
  /** Part of a change that unlocks, locks or removes a theme [F12.7]. */
  themeLockChange: 'theme-lock-change',
  /** Someone else's note [F12.8]. */
  notYours: 'not-yours',
  /** Themes are arranged by facilitators [F12.9]. */
  themes: 'themes',
  /** A locked note or theme, or a note in a locked theme [F12.10]. */
  locked: 'locked',
  /** A note's vote map made apart from its note [F12.11]. */
  voteMap: 'vote-map',
  /** Dots while no vote is open [F12.12]. */
  voteClosed: 'vote-closed',
  /** Someone else's dots [F12.13]. */
  notYourDots: 'not-your-dots',
  /** More dots than the vote gives each person [F12.14]. */
  noDotsLeft: 'no-dots-left',
  /** A note's author, author id, city or creation time, written other than once by its writer [F12.15]. */
  attribution: 'attribution',
  /** A count of dots that is not a whole number of at least 1 [F12.16]. */
  badDots: 'bad-dots',
  /** A new note on the board while private writing is on [F12.17]. */
  privateWriting: 'private-writing',
  /** An entry under an erased id, or the record of erased ids itself [F13.7]. */
  erased: 'erased',
  /** The record of merged people, written by the server's merge alone [F14.9]. */
  merged: 'merged',
} as const

export type RefusalCode = (typeof REFUSAL)[keyof typeof REFUSAL]

/** A refusal: the rule that refused and its reason. */
export interface Refusal {
  rule: string
  code: RefusalCode
}

/** Who checks a rule: the server (and the views, which hide what it refuses), or the views alone. */
export type Checker = 'server' | 'views'

/** What a rule sees of the whole change besides the unit it judges. */
export interface RuleContext {
  actor: Actor
  state: PolicyState
  /** Note ids created by this change. */
  createdNotes: ReadonlySet<string | null>
  /** The change unlocks, locks or removes a theme. */
  changesThemeLock: boolean
}

export interface PolicyRule {
  /** The rule in SPEC.md (F12.x). */
  rule: string
  code: RefusalCode
  checker: Checker
  /** The rule binds facilitators too (the one exception to F12.1). */
  everyone?: boolean
  /** True when the rule refuses this unit of a participant's or an observer's change. */
  refuses(ctx: RuleContext, c: UnitChange): boolean
  /**
   * True when the rule refuses every change of `actor`, whatever it holds and whatever the
   * board's state: the server refuses such a change before it reads it.
   */
  refusesAll?(actor: Actor): boolean
}

const isObserver = (actor: Actor) => actor.role === 'observer'

const ITEM_ROOTS: ReadonlySet<string> = new Set([ROOT.notes, ROOT.clusters, ROOT.votes])

/** A note's fields written once, when it is made [F12.15]. */
export const ATTRIBUTION_FIELDS: ReadonlySet<string> = new Set([
  NOTE.author,
  NOTE.authorId,
  NOTE.city,
  NOTE.createdAt,
])

/** True when a new note's attribution names `actor` as the server knows them [F12.15]. */
function signedBy(a: Attribution, actor: Actor): boolean {
  return (
    a.authorId === actor.person &&
    (actor.name === undefined || a.author === actor.name) &&
    (actor.city === undefined || a.city === actor.city)
  )
}

export const RULES: readonly PolicyRule[] = [
  {
    rule: 'F13.7',
    code: REFUSAL.erased,
    checker: 'server',
    everyone: true,
    refuses: ({ state }, c) =>
      c.root === ROOT.erased ||
      (ITEM_ROOTS.has(c.root) && c.created && c.key !== null && state.erased?.has(c.key) === true),
  },
  {
    rule: 'F14.9',
    code: REFUSAL.merged,
    checker: 'server',
    everyone: true,
    refuses: (_, c) => c.root === ROOT.merged,
  },
  {
    rule: 'F12.2',
    code: REFUSAL.observer,
    checker: 'server',
    refuses: (ctx) => isObserver(ctx.actor),
    refusesAll: isObserver,
  },
  {
    rule: 'F12.3',
    code: REFUSAL.boardLocked,
    checker: 'server',
    refuses: (ctx) => ctx.state.locked,
  },
  {
    rule: 'F12.4',
    code: REFUSAL.facilitatorsOnly,
    checker: 'server',
    refuses: (_, c) => !ITEM_ROOTS.has(c.root),
  },
  {
    rule: 'F12.5',
    code: REFUSAL.lockFlag,
    checker: 'server',
    refuses: (_, c) =>
      (c.root === ROOT.notes && c.fields.has(NOTE.locked)) ||
      (c.root === ROOT.clusters && c.fields.has(CLUSTER.locked)),
  },
  {
    rule: 'F12.5',
    code: REFUSAL.provenance,
    checker: 'server',
    refuses: (_, c) =>
      (c.root === ROOT.notes && c.fields.has(NOTE.source)) ||
      (c.root === ROOT.clusters && c.fields.has(CLUSTER.sources)),
  },
  {
    rule: 'F12.6',
    code: REFUSAL.purge,
    checker: 'server',
    refuses: (_, c) => c.removed,
  },
  {
    rule: 'F12.7',
    code: REFUSAL.themeLockChange,
    checker: 'server',
    refuses: (ctx) => ctx.changesThemeLock,
  },
  {
    rule: 'F12.8',
    code: REFUSAL.notYours,
    checker: 'server',
    refuses: ({ actor }, c) =>
      c.root === ROOT.notes &&
      !c.created &&
      actor.person !== null &&
      c.author !== undefined &&
      (c.author === '' || c.author !== actor.person),
  },
  {
    rule: 'F12.15',
    code: REFUSAL.attribution,
    checker: 'server',
    refuses: ({ actor }, c) =>
      c.root === ROOT.notes &&
      (c.created
        ? actor.person !== null && c.attribution !== undefined && !signedBy(c.attribution, actor)
        : [...c.fields].some((f) => ATTRIBUTION_FIELDS.has(f))),
  },
  {
    rule: 'F12.17',
    code: REFUSAL.privateWriting,
    checker: 'server',
    refuses: ({ state }, c) => c.root === ROOT.notes && c.created && state.privateWriting === true,
  },
  {
    rule: 'F12.9',
    code: REFUSAL.themes,
    checker: 'server',
    refuses: (_, c) => c.root === ROOT.clusters,
  },
  {
    rule: 'F12.10',
    code: REFUSAL.locked,
    checker: 'server',
    refuses: (_, c) => (c.root === ROOT.notes || c.root === ROOT.clusters) && c.locked,
  },
  {
    rule: 'F12.11',
    code: REFUSAL.voteMap,
    checker: 'server',
    // Made with its note, and empty: a new note brings no dots [F5.3].
    refuses: (ctx, c) =>
      c.root === ROOT.votes && c.created && (!ctx.createdNotes.has(c.key) || c.fields.size > 0),
  },
  {
    rule: 'F12.12',
    code: REFUSAL.voteClosed,
    checker: 'server',
    refuses: (ctx, c) => c.root === ROOT.votes && c.fields.size > 0 && !ctx.state.voteOpen,
  },
  {
    rule: 'F12.13',
    code: REFUSAL.notYourDots,
    checker: 'server',
    refuses: ({ actor }, c) =>
      c.root === ROOT.votes &&
      actor.person !== null &&
      [...c.fields].some((voter) => voter !== actor.person),
  },
  {
    rule: 'F12.16',
    code: REFUSAL.badDots,
    checker: 'server',
    refuses: (_, c) => c.root === ROOT.votes && c.wholeDots === false,
  },
  {
    rule: 'F12.14',
    code: REFUSAL.noDotsLeft,
    checker: 'server',
    refuses: ({ state }, c) =>
      c.root === ROOT.votes &&
      state.dotsPerPerson !== undefined &&
      c.dots !== undefined &&
      c.dots.after > c.dots.before &&
      c.dots.after > state.dotsPerPerson,
  },
]

/** The rule context of one whole change. */
function contextOf(actor: Actor, state: PolicyState, changes: readonly UnitChange[]): RuleContext {
  return {
    actor,
    state,
    createdNotes: new Set(
      changes.filter((c) => c.root === ROOT.notes && c.created).map((c) => c.key),
    ),
    changesThemeLock: changes.some(
      (c) => c.root === ROOT.clusters && (c.removed || c.fields.has(CLUSTER.locked)),
    ),
  }
}

/**
 * The first rule refusing `change` (one unit of `changes`), checked by `by`; null when it is
 * allowed. Facilitators are refused only what binds everyone [F12.1, F13.7].
 */
function refusalIn(ctx: RuleContext, change: UnitChange, by: Checker): Refusal | null {
  const facilitator = ctx.actor.role === 'facilitator'
  for (const r of RULES) {
    if (facilitator && r.everyone !== true) continue
    if (by === 'server' && r.checker !== 'server') continue
    if (r.refuses(ctx, change)) return { rule: r.rule, code: r.code }
  }
  return null
}

/**
 * Every unit of a change with the refusal it meets (null when allowed), as `by` checks them:
 * the server checks its rules, the views every rule.
 */
export function judge(
  actor: Actor,
  state: PolicyState,
  changes: readonly UnitChange[],
  by: Checker,
): Array<{ change: UnitChange; refusal: Refusal | null }> {
  const ctx = contextOf(actor, state, changes)
  return changes.map((change) => ({ change, refusal: refusalIn(ctx, change, by) }))
}

/**
 * The refusal every change of `actor` meets, whatever it holds (an observer's [F12.2]); null when
 * a change must be read to be judged. The server refuses such a change unread: never applied,
 * stored, held or relayed.
 */
export function refusalOfEveryChange(actor: Actor): Refusal | null {
  if (actor.role === 'facilitator') return null
  for (const r of RULES) if (r.refusesAll?.(actor)) return { rule: r.rule, code: r.code }
  return null
}

/**
 * The units of one change the server refuses from `role`; empty when the change is allowed.
 * `person` is the writer as the server knows them [F14]; without one, the rules of ownership
 * pass (a tool's own check of a document it made).
 */
export function deniedChanges(
  role: Role,
  state: PolicyState,
  changes: readonly UnitChange[],
  person: Omit<Actor, 'role'> = { person: null },
): UnitChange[] {
  return judge({ role, ...person }, state, changes, 'server')
    .filter((j) => j.refusal !== null)
    .map((j) => j.change)
}
