/**
 * Bodies and answers of the plenary's and the live view's routes (SESSION-SPEC.md SE1–SE4), as
 * zod schemas beside the rest of the API's (`schemas.ts`): the server parses bodies with them
 * and types its answers by them, the browser parses the answers.
 */
import * as z from 'zod/mini'
import { SEND_OUTCOME } from '../provenance/send'
import { SOURCE_STATUS } from '../provenance/status'
import { BoardLinksSchema, RoomStateSchema } from './schemas'

/** Ids one send may name, of notes and of themes each. */
export const MAX_SEND_ITEMS = 500
const ItemId = z.string().check(z.minLength(1), z.maxLength(128))

/** 201 to POST /api/sessions/:id/plenary: the plenary added, with its links [SE1.2]. */
export const PlenaryAnswer = z.object({
  id: z.string(),
  name: z.string(),
  links: BoardLinksSchema,
  plenary: z.literal(true),
})

/** POST /api/boards/:plenaryId/send (the session's facilitator link) [SE2.1]. */
export const SendToPlenaryBody = z
  .object({
    /** The board the notes and themes are on. */
    from: ItemId,
    notes: z._default(z.array(ItemId).check(z.maxLength(MAX_SEND_ITEMS)), []),
    themes: z._default(z.array(ItemId).check(z.maxLength(MAX_SEND_ITEMS)), []),
    /** Bring copies whose source changed since it was sent up to date [F11.6]. */
    refresh: z._default(z.boolean(), false),
  })
  .check(
    z.refine((b: { notes: string[]; themes: string[] }) => b.notes.length + b.themes.length > 0, {
      message: 'name at least one note or theme to send',
    }),
  )

/** What became of one item sent: a send outcome [F11.5], or refreshed [SE2.4]. */
export const DeliveryOutcomeSchema = z.enum([...Object.values(SEND_OUTCOME), 'refreshed'])

const DeliveredItemSchema = z.object({
  /** The id on the source board. */
  id: z.string(),
  /** The copy's id on the plenary, when there is one. */
  copyId: z.nullable(z.string()),
  outcome: DeliveryOutcomeSchema,
})

/** 200 to POST /api/boards/:plenaryId/send [SE2.1]. */
export const SendToPlenaryAnswer = z.object({
  plenary: z.string(),
  from: z.string(),
  notes: z.array(DeliveredItemSchema),
  themes: z.array(z.extend(DeliveredItemSchema, { notes: z.array(DeliveredItemSchema) })),
  summary: z.object({ sent: z.number(), refreshed: z.number(), skipped: z.number() }),
})

export const SourceStatusSchema = z.enum(Object.values(SOURCE_STATUS))

/** GET /api/boards/:id/sources: how every copy on the board stands [SE3.1, F11.7]. */
export const CopyStatusesAnswer = z.object({
  /** Note copy id → status. */
  notes: z.record(z.string(), SourceStatusSchema),
  /** Theme copy id → one status per source. */
  themes: z.record(
    z.string(),
    z.array(z.object({ boardId: z.string(), clusterId: z.string(), status: SourceStatusSchema })),
  ),
})

/** One of a room's latest notes [SE4.2]. */
export const RecentNoteSchema = z.object({
  id: z.string(),
  text: z.string(),
  column: z.nullable(z.string()),
  lever: z.nullable(z.string()),
  kind: z.nullable(z.string()),
  city: z.string(),
  createdAt: z.number(),
  /** On a copy, the room it was sent from (its source's board name, F11.1) [SE4.2]. */
  from: z.optional(z.string()),
})

const Counts = z.record(z.string(), z.number())

/** A room as the live view shows it [SE4.1]. */
export const LiveRoomSchema = z.object({
  id: z.string(),
  title: z.string(),
  plenary: z.optional(z.literal(true)),
  online: z.number(),
  notes: z.object({ total: z.number(), byColumn: Counts }),
  byLever: Counts,
  byLeverColumn: z.record(z.string(), Counts),
  state: RoomStateSchema,
  recent: z.array(RecentNoteSchema),
  themes: z.array(z.object({ id: z.string(), title: z.string(), notes: z.number() })),
})

/** GET /api/sessions/:id/live: every room of the session [SE4.1]. */
export const SessionLiveAnswer = z.object({ boards: z.array(LiveRoomSchema) })

/**
 * One event of GET /api/sessions/:id/live/stream [SE4.5]: the session's boards in order, and
 * the rooms that changed (all of them in the first event).
 */
export const LiveEventSchema = z.object({
  ids: z.array(z.string()),
  boards: z.array(LiveRoomSchema),
})

export type PlenaryAnswer = z.infer<typeof PlenaryAnswer>
export type SendToPlenary = z.infer<typeof SendToPlenaryBody>
export type SendToPlenaryInput = z.input<typeof SendToPlenaryBody>
export type SendToPlenaryResult = z.infer<typeof SendToPlenaryAnswer>
export type DeliveryOutcome = z.infer<typeof DeliveryOutcomeSchema>
export type RecentNote = z.infer<typeof RecentNoteSchema>
export type LiveRoom = z.infer<typeof LiveRoomSchema>
export type LiveEvent = z.infer<typeof LiveEventSchema>
