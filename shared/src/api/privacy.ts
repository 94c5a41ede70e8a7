/**
 * The privacy endpoints' bodies and answers [F13]: erasure, a person's own data, the notice,
 * and a session's retention as the other answers carry it.
 */
import * as z from 'zod/mini'
import { ROLES } from '../policy/roles'
import { OWN_DATA_FORMAT, OWN_DATA_VERSION } from '../privacy/ownData'

/** A session's retention: its period, when its boards are erased, from when the dashboard warns. */
export const RetentionSchema = z.object({
  /** Whole days from the session's creation to its end. */
  days: z.number(),
  expiresAt: z.number(),
  warnFrom: z.number(),
  /** When its boards were erased, or null while they are kept. */
  erasedAt: z.nullable(z.number()),
})

const ErasedId = z.string().check(z.minLength(1), z.maxLength(200))

/**
 * POST /api/boards/:id/erase (a facilitator's link or the admin token): some notes, every
 * note of one person, or the whole board, and nothing else.
 */
export const EraseBody = z.union([
  z.strictObject({ notes: z.array(ErasedId).check(z.minLength(1), z.maxLength(5000)) }),
  z.strictObject({ authorId: ErasedId }),
  z.strictObject({ all: z.literal(true) }),
])

/** What an erasure did: a new epoch or none, and counts (never what was erased). */
export const ErasureAnswer = z.object({
  erased: z.boolean(),
  epoch: z.nullable(z.number()),
  notes: z.number(),
  themes: z.number(),
  dots: z.number(),
  /** Copies of the erased notes erased on other boards of the session [F13.10]. */
  copies: z.number(),
})

/** GET /api/privacy: the join page's paragraph and the fuller page (plain text). */
export const PrivacyNoticeAnswer = z.object({
  short: z.string(),
  full: z.string(),
  retentionDays: z.number(),
  custom: z.boolean(),
})

/** GET /api/boards/:id/mine: everything the key's author wrote on the board [F13.8]. */
export const OwnDataAnswer = z.object({
  format: z.literal(OWN_DATA_FORMAT),
  version: z.literal(OWN_DATA_VERSION),
  boardId: z.string(),
  boardTitle: z.string(),
  sessionTitle: z.nullable(z.string()),
  authorId: z.string(),
  exportedAt: z.string(),
  notes: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      column: z.nullable(z.string()),
      columnTitle: z.string(),
      lever: z.nullable(z.string()),
      leverLabel: z.nullable(z.string()),
      kind: z.nullable(z.string()),
      author: z.string(),
      city: z.string(),
      theme: z.nullable(z.string()),
      dots: z.number(),
      createdAt: z.string(),
      updatedAt: z.string(),
      deletedAt: z.nullable(z.string()),
    }),
  ),
  dotsGiven: z.array(z.object({ noteId: z.string(), dots: z.number() })),
  changes: z.array(
    z.object({
      noteId: z.string(),
      at: z.nullable(z.string()),
      role: z.nullable(z.enum(ROLES)),
      text: z.string(),
    }),
  ),
})

export type Retention = z.infer<typeof RetentionSchema>
export type Erase = z.infer<typeof EraseBody>
export type Erasure = z.infer<typeof ErasureAnswer>
export type PrivacyNotice = z.infer<typeof PrivacyNoticeAnswer>
