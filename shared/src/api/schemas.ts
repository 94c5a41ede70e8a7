/**
 * The HTTP API's request bodies and answers as zod schemas: the server parses every body with
 * them and types its answers by them; the browser parses the answers with them; tests use the
 * inferred types. Objects are loose on reading (unknown keys are dropped), so either end may
 * add a field without breaking the other. Built with zod's mini API (`zod/mini`: functions such
 * as `z.optional(s)` and checks such as `s.check(z.maxLength(n))`), like the other schemas of
 * this folder: the classic API attaches its methods to every schema and is three times the
 * code, which the server's first API request paid in memory (docs/server.md).
 */
import * as z from 'zod/mini'
import type { TimerState } from '../facilitation/timer'
import { ROLES, SESSION_ROLES } from '../policy/roles'
import { TEMPLATES } from '../schema/template'
import { RetentionSchema } from './privacy'
import { MAX_RETENTION_DAYS } from './privacyKeys'

// ---------------------------------------------------------------------------------------
// Shared pieces

export const RoleSchema = z.enum(ROLES)
export const SessionRoleSchema = z.enum(SESSION_ROLES)

/** A page link with its token in the fragment (`#t=`), and the token alone. */
export const LinkSchema = z.object({ url: z.string(), token: z.string() })

export const BoardLinksSchema = z.object({
  facilitator: LinkSchema,
  participant: LinkSchema,
  observer: LinkSchema,
})

export const SessionLinksSchema = z.object({
  facilitator: LinkSchema,
  participant: LinkSchema,
})

/** The shared timer [F8.1], as the board holds it. */
export const TimerStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('running'), endsAt: z.number(), durationMs: z.number() }),
  z.object({ status: z.literal('paused'), remainingMs: z.number(), durationMs: z.number() }),
]) satisfies z.ZodMiniType<TimerState>

/** Every error answer: a code to act on and a sentence to show. */
export const ApiErrorSchema = z.object({ error: z.string(), message: z.string() })
/** An error answer as the browser reads it: a proxy's may lack either field. */
export const ApiErrorReading = z.partial(ApiErrorSchema)

// ---------------------------------------------------------------------------------------
// Request bodies

const MAX_BOARDS = 200

/** POST /api/sessions (admin token): a session and its boards, by name or by count. */
export const CreateSessionBody = z.object({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  boards: z.union([
    z
      .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)))
      .check(z.minLength(1), z.maxLength(MAX_BOARDS)),
    z.number().check(z.int(), z.minimum(1), z.maximum(MAX_BOARDS)),
  ]),
  template: z.optional(
    z.string().check(
      z.refine((t: string) => t in TEMPLATES, {
        message: `template must be one of ${Object.keys(TEMPLATES).join(', ')}`,
      }),
    ),
  ),
  /** Add the session's plenary after its breakout boards (SESSION-SPEC SE1.1). */
  plenary: z.optional(z.boolean()),
  /** Days the boards are kept, then erased; the server's RETENTION_DAYS when left out. */
  retentionDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_RETENTION_DAYS))),
})

/** POST /api/boards/:id/rotate (facilitator): a new link for one role of the board. */
export const RotateBoardLinkBody = z.object({ role: RoleSchema })

/** POST /api/sessions/:id/rotate (facilitator): a new session-wide link for one role. */
export const RotateSessionLinkBody = z.object({ role: SessionRoleSchema })

const Minutes = z.number().check(z.positive(), z.maximum(24 * 60))

/**
 * POST /api/sessions/:id/control (facilitator): one control applied to every breakout board,
 * or to the boards `boards` names (SESSION-SPEC SE5.1).
 */
export const SessionControlBody = z.object({
  boards: z.optional(
    z.array(z.string().check(z.maxLength(200))).check(z.minLength(1), z.maxLength(500)),
  ),
  phase: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  timer: z.optional(
    z.discriminatedUnion('action', [
      z.object({ action: z.literal('start'), minutes: Minutes }),
      z.object({ action: z.literal('add'), minutes: Minutes }),
      z.object({ action: z.enum(['pause', 'resume', 'stop']) }),
    ]),
  ),
  locked: z.optional(z.boolean()),
  broadcast: z.optional(z.nullable(z.string().check(z.maxLength(1000)))),
})

// ---------------------------------------------------------------------------------------
// Answers

const Credential = z.string().check(z.minLength(1), z.maxLength(1024))

/**
 * POST /api/people: a person's name and city (facilitators and observers may leave the city
 * out), with their credential when they have one [F14.1].
 */
export const PersonBody = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  city: z.string().check(z.trim(), z.maxLength(200)),
  credential: z.optional(Credential),
})

/** POST /api/people/code: the credential of the person another device should become [F14.4]. */
export const PersonCodeBody = z.object({ credential: Credential })

/** POST /api/people/join: a one-time code typed on the other device [F14.4]. */
export const PersonFromCodeBody = z.object({
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
})

/** A person as the server signed them, and the credential to keep on the device [F14.1]. */
export const PersonAnswer = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  credential: z.string(),
})

/**
 * One change of a note's text as the server saw it [F14.8]: who (the person the server knows,
 * the link's role), when, and the text it left. The first entry of a note the server saw only
 * later is its text as it stood then (`at`, `personId` and `role` null).
 */
export const NoteChange = z.object({
  at: z.nullable(z.number()),
  personId: z.nullable(z.string()),
  name: z.string(),
  city: z.string(),
  role: z.nullable(RoleSchema),
  text: z.string(),
})
export type NoteChange = z.infer<typeof NoteChange>

/** GET /api/boards/:id/history?note=: a note's changes, oldest first [F14.8]. */
export const NoteHistoryAnswer = z.object({ noteId: z.string(), changes: z.array(NoteChange) })
export type NoteHistoryAnswer = z.infer<typeof NoteHistoryAnswer>

const PersonId = z.string().check(z.regex(/^p-[a-z0-9]{20}$/, 'a person id the server issued'))

/**
 * POST /api/boards/:id/people/merge: the entry `from` is the person `into`, as their
 * facilitator says [F14.9]: on this board, or on every board of its session when the link is
 * the session's.
 */
export const MergePeopleBody = z.object({ from: PersonId, into: PersonId })
export type MergePeopleBody = z.infer<typeof MergePeopleBody>

/**
 * What a merge did: the person kept, the notes that became theirs, the dots moved and given
 * back, summed over the boards it was made on (`boards`: the board of the request, or every
 * board of its session with a session's link, F14.9).
 */
export const MergePeopleAnswer = z.object({
  from: z.string(),
  into: z.string(),
  notes: z.number(),
  dots: z.object({ moved: z.number(), returned: z.number() }),
  boards: z.number().check(z.int()),
})
export type MergePeopleAnswer = z.infer<typeof MergePeopleAnswer>

/** A one-time code for another device, and when it stops working [F14.4]. */
export const PersonCodeAnswer = z.object({ code: z.string(), expiresAt: z.number() })

/** GET /api/config: run-time settings for the browser. */
export const ClientConfigAnswer = z.object({ tldrawLicenseKey: z.nullable(z.string()) })

/** GET /api/boards/:id/me: the role a token gives on a board. */
export const BoardMeAnswer = z.object({
  role: RoleSchema,
  board: z.object({
    id: z.string(),
    title: z.string(),
    sessionId: z.nullable(z.string()),
    sessionTitle: z.nullable(z.string()),
    /** Present on the session's plenary (SE1.3). */
    plenary: z.optional(z.literal(true)),
  }),
  /**
   * What the link is: one board's, or its session's (a session's facilitator merges people on
   * every board of the session, F14.9). Absent from servers of before: a board's.
   */
  link: z.optional(z.enum(['board', 'session'])),
  /** The session's plenary, when this link may send to it (SE2.5). */
  plenary: z.nullable(z.object({ id: z.string(), name: z.string() })),
  /** When the session's boards are erased (null for a board of no session). */
  retention: z.nullable(RetentionSchema),
  /** The server's clock when it answered, for the timer's offset [F8.1]. */
  serverTime: z.number(),
})

/** GET /api/sessions/:id/me: the room picker. */
export const SessionMeAnswer = z.object({
  role: RoleSchema,
  session: z.object({ id: z.string(), title: z.string() }),
  retention: RetentionSchema,
  boards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      online: z.number(),
      plenary: z.optional(z.literal(true)),
    }),
  ),
})

/** 201 to POST /api/sessions: the session with every link. */
export const CreatedSessionAnswer = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  links: SessionLinksSchema,
  boards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      links: BoardLinksSchema,
      /** The session's plenary (SE1.1); breakout boards carry no such key. */
      plenary: z.optional(z.literal(true)),
    }),
  ),
})

/** Counts keyed by column id (or `parkingLot`) or lever id (or `untagged`). */
const Counts = z.record(z.string(), z.number())

/** A room's phase, lock and timer, as the session's figures carry them. */
export const RoomStateSchema = z.object({
  /** The active question's column id, or null. */
  phase: z.nullable(z.string()),
  locked: z.boolean(),
  timer: TimerStateSchema,
})

/** One board of GET /api/sessions/:id: links, people online, live note counts, state. */
export const SessionBoardSchema = z.object({
  id: z.string(),
  name: z.string(),
  plenary: z.optional(z.literal(true)),
  links: BoardLinksSchema,
  online: z.number(),
  notes: z.object({ total: z.number(), byColumn: Counts }),
  byLever: Counts,
  /** Lever id (or `untagged`) → column id (or `parkingLot`) → live notes. */
  byLeverColumn: z.record(z.string(), Counts),
  state: RoomStateSchema,
})

/** GET /api/sessions/:id (facilitator): the dashboard's figures. */
export const SessionDetailAnswer = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  createdAt: z.number(),
  retention: RetentionSchema,
  links: SessionLinksSchema,
  boards: z.array(SessionBoardSchema),
})

/** POST /api/sessions/:id/control: how many boards the control reached. */
export const SessionControlAnswer = z.object({ boards: z.number() })

export type Link = z.infer<typeof LinkSchema>
export type BoardLinks = z.infer<typeof BoardLinksSchema>
export type SessionLinks = z.infer<typeof SessionLinksSchema>
export type CreateSession = z.infer<typeof CreateSessionBody>
export type SessionControl = z.infer<typeof SessionControlBody>
export type ClientConfig = z.infer<typeof ClientConfigAnswer>
export type BoardMe = z.infer<typeof BoardMeAnswer>
export type SessionMe = z.infer<typeof SessionMeAnswer>
export type CreatedSession = z.infer<typeof CreatedSessionAnswer>
export type RoomState = z.infer<typeof RoomStateSchema>
export type SessionBoard = z.infer<typeof SessionBoardSchema>
export type SessionDetail = z.infer<typeof SessionDetailAnswer>
export type PersonAnswerBody = z.infer<typeof PersonAnswer>
export type PersonCode = z.infer<typeof PersonCodeAnswer>
export type LeverColumnCounts = SessionBoard['byLeverColumn']
