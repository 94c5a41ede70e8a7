/**
 * The harvest export v1.1 as zod schemas [H1], and the frozen v1.0 that import still reads. The TypeScript types are inferred from them and
 * `harvest.schema.json` is generated from them (`npm run schema -w shared`), so there is one
 * source for the format. Objects are loose: more fields may be added, none removed or renamed.
 */
import * as z from 'zod'
import { HARVEST_MINOR_VERSION } from './keys'

/** Metadata for the JSON Schema generator; kept out of zod's global registry on purpose. */
export const harvestRegistry = z.registry<{ id?: string; title?: string; description?: string }>()

function described<T extends z.ZodType>(schema: T, description: string): T {
  harvestRegistry.add(schema as z.ZodType, { description })
  return schema
}

/** An ISO-8601 UTC time with milliseconds, as `Date.prototype.toISOString` writes it. */
const isoTime = (what: string) => described(z.iso.datetime(), what)
const count = () => z.number().int().min(0)

// ---- Version 1.0, frozen: what `importHarvest` still reads [H11.6]. Not registered: the JSON
// Schema describes the current version, and `harvest-1.0.schema.json` keeps this one.

const noteShapeV1_0 = {
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
}

const clusterShapeV1_0 = {
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
}

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
    plenary: described(
      z.literal(true).optional(),
      "Present (true) on the session's plenary, where notes were sent from its rooms.",
    ),
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

const summaryShapeV1_0 = {
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

const NoteV1_0 = z.looseObject(noteShapeV1_0)
const ClusterV1_0 = z.looseObject(clusterShapeV1_0)
const harvestShapeV1_0 = {
  format: z.literal('sensemaking-harvest'),
  version: z.literal(1),
  exportedAt: isoTime('When the harvest was exported.'),
  board: HarvestBoardSchema,
  levers: described(z.array(HarvestLeverSchema), "The board's tag set, in the board's order."),
  invalid: z.array(HarvestInvalidSchema),
}

/** A board harvest of version 1.0 (before kinds, provenance and rankings) [H11.6]. */
export const HarvestSchemaV1_0 = z.looseObject({
  ...harvestShapeV1_0,
  columns: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      prompt: z.string(),
      clusters: z.array(ClusterV1_0),
      notes: z.array(NoteV1_0),
    }),
  ),
  parkingLot: z.array(NoteV1_0),
  parkingLotClusters: z.array(ClusterV1_0).optional(),
  summary: z.looseObject(summaryShapeV1_0),
})

// ---- Version 1.1: kinds, provenance, ranked levers and themes [H1.2].

export const HarvestSourceSchema = z
  .looseObject({
    boardId: described(z.string(), 'The board the note was sent from.'),
    boardName: described(z.string(), "That board's title when the note was sent."),
    noteId: described(z.string(), 'The note on that board.'),
  })
  .register(harvestRegistry, {
    id: 'Source',
    description: 'Where a note sent from another board (a breakout room) came from.',
  })

export const HarvestNoteSchema = z
  .looseObject({
    ...noteShapeV1_0,
    kind: described(z.string().nullable(), "A kind id of the note's column, or null."),
    source: described(
      HarvestSourceSchema.nullable(),
      'Provenance of a note sent from another board, or null.',
    ),
  })
  .register(harvestRegistry, { id: 'Note', title: 'A sticky note of a harvest' })

export const HarvestThemeSourceSchema = z
  .looseObject({ boardId: z.string(), boardName: z.string(), clusterId: z.string() })
  .register(harvestRegistry, {
    id: 'ThemeSource',
    description: 'A theme of another board this one was sent from.',
  })

export const HarvestClusterSchema = z
  .looseObject({
    ...clusterShapeV1_0,
    sources: described(
      z.array(HarvestThemeSourceSchema),
      'The themes of other boards this theme was sent from; empty for most.',
    ),
  })
  .register(harvestRegistry, { id: 'Cluster', title: 'A cluster (theme) as listed under a column' })

export const HarvestKindSchema = z
  .looseObject({ id: z.string(), title: z.string() })
  .register(harvestRegistry, { id: 'Kind', description: 'A kind of note a column offers.' })

export const HarvestColumnSchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    heading: described(z.string(), "The heading of the column's part in the report."),
    kinds: described(z.array(HarvestKindSchema), 'The kinds of note the column offers, in order.'),
    clusters: z.array(HarvestClusterSchema),
    notes: described(
      z.array(HarvestNoteSchema),
      'Every live note of the column, clustered or not, ordered by (y, x, id).',
    ),
  })
  .register(harvestRegistry, { id: 'Column' })

const roomCount = z
  .looseObject({ id: z.string(), title: z.string(), notes: count() })
  .register(harvestRegistry, { id: 'RoomCount' })

export const RankedLeverSchema = z
  .looseObject({
    id: z.string(),
    label: z.string(),
    notes: described(count(), 'Distinct notes tagged with the lever (a copy counts once).'),
    votes: described(count(), 'Dots on those notes.'),
    cities: z.array(HarvestCitySchema),
    boards: described(z.array(roomCount), 'The boards where the lever was used, by notes.'),
  })
  .register(harvestRegistry, {
    id: 'RankedLever',
    description: 'What was said on one lever, across boards.',
  })

export const RankedThemeSchema = z
  .looseObject({
    title: z.string(),
    notes: described(count(), 'Distinct live members (a copy counts once).'),
    votes: described(count(), 'Dots on those notes.'),
    cities: z.array(HarvestCitySchema),
    boards: described(
      z.array(z.looseObject({ id: z.string(), title: z.string(), clusterId: z.string() })),
      'The themes grouped here: one per board and cluster.',
    ),
  })
  .register(harvestRegistry, {
    id: 'RankedTheme',
    description: 'A theme, or themes of one title across boards.',
  })

const rankingShape = {
  levers: described(
    z.array(RankedLeverSchema),
    'Every lever, most discussed first: by notes, then votes, then the board order.',
  ),
  themes: described(
    z.array(RankedThemeSchema),
    'Themes with live notes, grouped by title, by notes, then votes, then title.',
  ),
}

export const HarvestSummarySchema = z
  .looseObject({ ...summaryShapeV1_0, ...rankingShape })
  .register(harvestRegistry, { id: 'Summary' })

export const HarvestSchema = z
  .looseObject({
    ...harvestShapeV1_0,
    minorVersion: described(z.literal(HARVEST_MINOR_VERSION), 'Version 1.1.'),
    columns: described(z.array(HarvestColumnSchema), "The board's columns, in display order."),
    parkingLot: z.array(HarvestNoteSchema),
    parkingLotClusters: described(
      z.array(HarvestClusterSchema).optional(),
      'Clusters with live members in the parking lot, or empty ones whose frame is there.',
    ),
    summary: HarvestSummarySchema,
  })
  .register(harvestRegistry, {
    id: 'Harvest',
    title: 'Sensemaking board harvest, version 1.1',
  })

export const SessionSummarySchema = z
  .looseObject({
    ...summaryShapeV1_0,
    notes: described(count(), 'Distinct notes over all boards: a copy and its source count once.'),
    byColumn: described(
      z.record(z.string(), count()),
      'Distinct notes per column id (a copy counts once, where its source is), and "parkingLot".',
    ),
    copies: described(
      count(),
      'Copies of notes sent between the boards (to a plenary), counted once in the figures.',
    ),
    ...rankingShape,
    boards: count(),
  })
  .register(harvestRegistry, { id: 'SessionSummary' })

export const SessionHarvestSchema = z
  .looseObject({
    format: z.literal('sensemaking-session-harvest'),
    version: z.literal(1),
    minorVersion: described(z.literal(HARVEST_MINOR_VERSION), 'Version 1.1.'),
    exportedAt: isoTime('When the session harvest was exported.'),
    session: z.looseObject({ id: z.string(), title: z.string() }),
    boards: z.array(HarvestSchema),
    summary: SessionSummarySchema,
  })
  .register(harvestRegistry, {
    id: 'SessionHarvest',
    title: 'Sensemaking session harvest, version 1.1',
  })

export type Harvest = z.infer<typeof HarvestSchema>
export type HarvestNote = z.infer<typeof HarvestNoteSchema>
export type HarvestCluster = z.infer<typeof HarvestClusterSchema>
export type HarvestColumn = z.infer<typeof HarvestColumnSchema>
export type HarvestLever = z.infer<typeof HarvestLeverSchema>
export type HarvestInvalid = z.infer<typeof HarvestInvalidSchema>
export type HarvestCity = z.infer<typeof HarvestCitySchema>
export type HarvestSummary = z.infer<typeof HarvestSummarySchema>
export type HarvestKind = z.infer<typeof HarvestKindSchema>
export type HarvestSource = z.infer<typeof HarvestSourceSchema>
export type RankedLever = z.infer<typeof RankedLeverSchema>
export type RankedTheme = z.infer<typeof RankedThemeSchema>
export type HarvestV1_0 = z.infer<typeof HarvestSchemaV1_0>
export type SessionSummary = z.infer<typeof SessionSummarySchema>
export type SessionHarvest = z.infer<typeof SessionHarvestSchema>
