/**
 * The harvest export v1 as zod schemas [H1]. The TypeScript types are inferred from them and
 * `harvest.schema.json` is generated from them (`npm run schema -w shared`), so there is one
 * source for the format. Objects are loose: more fields may be added, none removed or renamed.
 */
import { z } from 'zod'

/** Metadata for the JSON Schema generator; kept out of zod's global registry on purpose. */
export const harvestRegistry = z.registry<{ id?: string; title?: string; description?: string }>()

function described<T extends z.ZodType>(schema: T, description: string): T {
  harvestRegistry.add(schema as z.ZodType, { description })
  return schema
}

/** An ISO-8601 UTC time with milliseconds, as `Date.prototype.toISOString` writes it. */
const isoTime = (what: string) => described(z.iso.datetime(), what)
const count = () => z.number().int().min(0)

export const HarvestNoteSchema = z
  .looseObject({
    id: z.string(),
    text: described(z.string(), 'The note as typed, line breaks kept.'),
    column: described(z.string().nullable(), 'A column id of the board, or null: the parking lot.'),
    lever: described(z.string().nullable(), 'A lever id of the board, or null: untagged.'),
    city: z.string(),
    author: z.string(),
    authorId: z.string(),
    clusterId: described(
      z.string().nullable(),
      'The cluster the note belongs to, as stored on the board.',
    ),
    votes: described(count(), 'Total dots on the note, over all voters.'),
    x: z.number(),
    y: z.number(),
    createdAt: isoTime('When the note was created.'),
    updatedAt: isoTime('When the note last changed.'),
  })
  .register(harvestRegistry, { id: 'Note', title: 'A sticky note of a harvest' })

export const HarvestClusterSchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    noteIds: described(
      z.array(z.string()),
      'The live members that sit in the column this entry is listed under, in note order.',
    ),
    column: described(
      z.string().nullable().optional(),
      'The column the cluster frame belongs to (null: the parking lot).',
    ),
    x: z.number().optional(),
    y: z.number().optional(),
    w: z.number().optional(),
    h: z.number().optional(),
  })
  .register(harvestRegistry, { id: 'Cluster', title: 'A cluster (theme) as listed under a column' })

export const HarvestColumnSchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    clusters: z.array(HarvestClusterSchema),
    notes: described(
      z.array(HarvestNoteSchema),
      'Every live note of the column, clustered or not, ordered by (y, x, id).',
    ),
  })
  .register(harvestRegistry, { id: 'Column' })

export const HarvestLeverSchema = z
  .looseObject({ id: z.string(), label: z.string(), color: z.string() })
  .register(harvestRegistry, { id: 'Lever' })

export const HarvestBoardSchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    template: z.string(),
    phase: z.string().nullable(),
    session: z.looseObject({ id: z.string(), title: z.string() }).nullable(),
  })
  .register(harvestRegistry, { id: 'Board' })

export const HarvestInvalidSchema = z
  .looseObject({
    id: z.string(),
    reason: z.string(),
    kind: z.string().optional(),
  })
  .register(harvestRegistry, { id: 'Invalid', description: 'An entry the reader could not use.' })

export const HarvestCitySchema = z
  .looseObject({ name: z.string(), notes: count() })
  .register(harvestRegistry, { id: 'City' })

const summaryShape = {
  notes: count(),
  participants: described(count(), 'Distinct non-empty author ids.'),
  cities: described(
    z.array(HarvestCitySchema),
    'Cities grouped by their normalised name, by notes (most first), then name.',
  ),
  byColumn: described(z.record(z.string(), count()), 'Notes per column id, and "parkingLot".'),
  byLever: described(
    z.record(z.string(), z.record(z.string(), count())),
    'Per lever id (and "untagged"): notes per column id, "parkingLot" and "total".',
  ),
}

export const HarvestSummarySchema = z
  .looseObject(summaryShape)
  .register(harvestRegistry, { id: 'Summary' })

export const HarvestSchema = z
  .looseObject({
    format: z.literal('sensemaking-harvest'),
    version: z.literal(1),
    exportedAt: isoTime('When the harvest was exported.'),
    board: HarvestBoardSchema,
    levers: described(z.array(HarvestLeverSchema), "The board's tag set, in the board's order."),
    columns: described(z.array(HarvestColumnSchema), "The board's columns, in display order."),
    parkingLot: z.array(HarvestNoteSchema),
    parkingLotClusters: described(
      z.array(HarvestClusterSchema).optional(),
      'Clusters with live members in the parking lot, or empty ones whose frame is there.',
    ),
    invalid: z.array(HarvestInvalidSchema),
    summary: HarvestSummarySchema,
  })
  .register(harvestRegistry, {
    id: 'Harvest',
    title: 'Sensemaking board harvest, version 1',
  })

export const SessionSummarySchema = z
  .looseObject({ ...summaryShape, boards: count() })
  .register(harvestRegistry, { id: 'SessionSummary' })

export const SessionHarvestSchema = z
  .looseObject({
    format: z.literal('sensemaking-session-harvest'),
    version: z.literal(1),
    exportedAt: isoTime('When the session harvest was exported.'),
    session: z.looseObject({ id: z.string(), title: z.string() }),
    boards: z.array(HarvestSchema),
    summary: SessionSummarySchema,
  })
  .register(harvestRegistry, {
    id: 'SessionHarvest',
    title: 'Sensemaking session harvest, version 1',
  })

export type Harvest = z.infer<typeof HarvestSchema>
export type HarvestNote = z.infer<typeof HarvestNoteSchema>
export type HarvestCluster = z.infer<typeof HarvestClusterSchema>
export type HarvestColumn = z.infer<typeof HarvestColumnSchema>
export type HarvestLever = z.infer<typeof HarvestLeverSchema>
export type HarvestInvalid = z.infer<typeof HarvestInvalidSchema>
export type HarvestCity = z.infer<typeof HarvestCitySchema>
export type HarvestSummary = z.infer<typeof HarvestSummarySchema>
export type SessionSummary = z.infer<typeof SessionSummarySchema>
export type SessionHarvest = z.infer<typeof SessionHarvestSchema>

/** Key of the parking lot in `byColumn` and `byLever` [H8]. */
export const PARKING_LOT = 'parkingLot'
/** Key of untagged notes in `byLever` [H8]. */
export const UNTAGGED = 'untagged'
/** Key of a lever's total in `byLever` [H8]. */
export const TOTAL = 'total'
