/**
 * Harvest JSON back into a board [H11]: `exportHarvest(importHarvest(h))` equals `h` apart from
 * `exportedAt` (and `invalid`, which describes the source document, not the notes).
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { createCluster } from '../board/clusters'
import { NOTE_SIZE, SLOT_GAP } from '../board/layout'
import { seedBoard, setPhase } from '../board/meta'
import { createNote, moveNotes, noteText, type WriteOptions } from '../board/notes'
import { clustersMap, notesMap } from '../board/read'
import { capText } from '../board/text'
import { setVotes } from '../board/votes'
import { CLUSTER, NOTE } from '../schema/keys'
import type { Template } from '../schema/template'
import { HARVEST_MINOR_VERSION } from './keys'
import { rankLevers, rankThemes, saidNotes } from './ranking'
import {
  type Harvest,
  type HarvestCluster,
  type HarvestNote,
  HarvestSchema,
  HarvestSchemaV1_0,
  type HarvestV1_0,
} from './schema'
import { fromIso } from './time'

/** The voter id under which imported dot totals are stored [H11]. */
export const IMPORTED_VOTER = 'imported'

/** Input that is not a harvest this code can import; the message names the first bad field. */
export class HarvestImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HarvestImportError'
  }
}

/** `columns[0].notes[3].createdAt` from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? String(p) : `.${String(p)}`
  }
  return out === '' ? '(the document)' : out
}

/** A later 1.x reads as best it can: what 1.1 knows of it [H11.6]. */
const HarvestSchemaV1_x = HarvestSchema.extend({ minorVersion: z.number().int().min(1) })

/**
 * A version 1.0 harvest in the shape of 1.1 [H11.6]: no kinds, no provenance, each column's
 * heading its title, and the summary's rankings computed from its notes.
 */
export function upgradeHarvest(h: HarvestV1_0): Harvest {
  const note = (n: HarvestV1_0['parkingLot'][number]): HarvestNote => ({
    ...n,
    kind: null,
    source: null,
  })
  const cluster = (c: HarvestV1_0['columns'][number]['clusters'][number]): HarvestCluster => ({
    ...c,
    sources: [],
  })
  const body = {
    board: h.board,
    levers: h.levers,
    columns: h.columns.map((c) => ({
      ...c,
      heading: c.title,
      kinds: [],
      clusters: c.clusters.map(cluster),
      notes: c.notes.map(note),
    })),
    parkingLot: h.parkingLot.map(note),
    parkingLotClusters: h.parkingLotClusters?.map(cluster),
  }
  const said = saidNotes([body])
  return {
    ...h,
    ...body,
    minorVersion: HARVEST_MINOR_VERSION,
    summary: {
      ...h.summary,
      levers: rankLevers(h.levers, said.notes),
      themes: rankThemes([body], said),
    },
  }
}

/** The schema's verdict, or the first bad field as a `HarvestImportError` [H11.1]. */
function check<T>(r: { success: true; data: T } | { success: false; error: z.ZodError }): T {
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw new HarvestImportError(`Not a harvest: ${issuePath(issue.path)}: ${issue.message}`)
}

/**
 * Parse and check a harvest of version 1.0 or 1.x; throws `HarvestImportError` naming the
 * first bad field [H11.1]. A 1.0 harvest is upgraded to 1.1 [H11.6].
 */
export function parseHarvest(json: unknown): Harvest {
  const h =
    typeof json === 'object' && json !== null && 'minorVersion' in json
      ? (check(HarvestSchemaV1_x.safeParse(json)) as Harvest)
      : upgradeHarvest(check(HarvestSchemaV1_0.safeParse(json)))
  const fail = (where: string, what: string): never => {
    throw new HarvestImportError(`Not a harvest: ${where}: ${what}`)
  }
  const columnIds = new Set<string>()
  h.columns.forEach((c, i) => {
    if (columnIds.has(c.id)) fail(`columns[${i}].id`, `column "${c.id}" appears twice`)
    columnIds.add(c.id)
  })
  const leverIds = new Set<string>()
  h.levers.forEach((l, i) => {
    if (leverIds.has(l.id)) fail(`levers[${i}].id`, `lever "${l.id}" appears twice`)
    leverIds.add(l.id)
  })
  if (h.board.phase !== null && !columnIds.has(h.board.phase)) {
    fail('board.phase', `"${h.board.phase}" is not a column of the harvest`)
  }
  const noteIds = new Set<string>()
  const checkNote = (n: HarvestNote, where: string, column: string | null) => {
    if (noteIds.has(n.id)) fail(`${where}.id`, `note "${n.id}" appears twice`)
    noteIds.add(n.id)
    if (n.column !== column) {
      fail(
        `${where}.column`,
        `is ${JSON.stringify(n.column)} but the note is listed under ${JSON.stringify(column)}`,
      )
    }
    if (n.lever !== null && !leverIds.has(n.lever)) {
      fail(`${where}.lever`, `"${n.lever}" is not a lever of the harvest`)
    }
    if (n.kind !== null && !kindsOf.get(column)?.has(n.kind)) {
      fail(`${where}.kind`, `"${n.kind}" is not a kind of the note's column`)
    }
  }
  const kindsOf = new Map<string | null, Set<string>>(
    h.columns.map((c) => [c.id, new Set(c.kinds.map((k) => k.id))]),
  )
  h.columns.forEach((c, i) => {
    c.notes.forEach((n, j) => {
      checkNote(n, `columns[${i}].notes[${j}]`, c.id)
    })
  })
  h.parkingLot.forEach((n, j) => {
    checkNote(n, `parkingLot[${j}]`, null)
  })
  const checkCluster = (c: HarvestCluster, where: string) => {
    if (c.column != null && !columnIds.has(c.column)) {
      fail(`${where}.column`, `"${c.column}" is not a column of the harvest`)
    }
  }
  h.columns.forEach((col, i) => {
    col.clusters.forEach((c, j) => {
      checkCluster(c, `columns[${i}].clusters[${j}]`)
    })
  })
  ;(h.parkingLotClusters ?? []).forEach((c, j) => {
    checkCluster(c, `parkingLotClusters[${j}]`)
  })
  return h
}

/** A cluster's frame around its members, for entries that carry no geometry. */
function frameAround(notes: readonly HarvestNote[]): {
  x: number
  y: number
  w: number
  h: number
} {
  if (notes.length === 0) return { x: 0, y: 0, w: NOTE_SIZE.w, h: NOTE_SIZE.h }
  const pad = SLOT_GAP / 2
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const n of notes) {
    left = Math.min(left, n.x)
    top = Math.min(top, n.y)
    right = Math.max(right, n.x + NOTE_SIZE.w)
    bottom = Math.max(bottom, n.y + NOTE_SIZE.h)
  }
  return { x: left - pad, y: top - pad, w: right - left + 2 * pad, h: bottom - top + 2 * pad }
}

/** Write one note exactly as the harvest has it: position, times, whole text and dots. */
function writeNote(doc: Y.Doc, n: HarvestNote, opts: WriteOptions): void {
  const createdAt = fromIso(n.createdAt)
  const head = capText(n.text)
  createNote(
    doc,
    {
      id: n.id,
      text: head,
      column: n.column,
      lever: n.lever,
      kind: n.kind,
      city: n.city,
      author: n.author,
      authorId: n.authorId,
      x: n.x,
      y: n.y,
      clusterId: n.clusterId,
    },
    { origin: opts.origin, now: () => createdAt },
  )
  if (n.source) {
    const { boardId, boardName, noteId } = n.source
    notesMap(doc).get(n.id)!.set(NOTE.source, { boardId, boardName, noteId })
  }
  // Readers accept text past the writers' cap (concurrent typing can pass it), so the rest of
  // a long note is appended as typing would, and no words are lost.
  if (head.length < n.text.length)
    noteText(doc, n.id).insert(head.length, n.text.slice(head.length))
  // The writer may have moved the note into its column's region; put it back where it was,
  // which also sets `updatedAt`.
  const updatedAt = fromIso(n.updatedAt)
  moveNotes(doc, [{ id: n.id, x: n.x, y: n.y }], { origin: opts.origin, now: () => updatedAt })
  if (n.votes > 0) setVotes(doc, n.id, IMPORTED_VOTER, n.votes, opts)
}

/**
 * A new board document from a harvest JSON value [H11]: seeded with its title, template id,
 * columns, levers and session, then filled with its clusters, notes and dot totals.
 * Throws `HarvestImportError` (naming the first bad field) when the input is not a harvest.
 */
export function importHarvest(json: unknown, opts: { origin?: unknown } = {}): Y.Doc {
  const h = parseHarvest(json)
  const template: Template = {
    id: h.board.template,
    name: h.board.template,
    columns: h.columns.map((c, order) => ({
      id: c.id,
      title: c.title,
      prompt: c.prompt,
      order,
      heading: c.heading,
      kinds: c.kinds.map((k) => ({ id: k.id, title: k.title })),
    })),
    tags: h.levers.map((l) => ({ id: l.id, label: l.label, color: l.color })),
  }
  const doc = new Y.Doc()
  const write = { origin: opts.origin }
  doc.transact(() => {
    seedBoard(
      doc,
      {
        title: h.board.title,
        template,
        sessionId: h.board.session?.id ?? null,
        sessionTitle: h.board.session?.title ?? null,
      },
      write,
    )
    if (h.board.phase !== null) setPhase(doc, h.board.phase, write)

    const notes = [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]
    const listed: { entry: HarvestCluster; column: string | null }[] = [
      ...h.columns.flatMap((c) => c.clusters.map((entry) => ({ entry, column: c.id }))),
      ...(h.parkingLotClusters ?? []).map((entry) => ({ entry, column: null })),
    ]
    const made = new Set<string>()
    for (const { entry, column } of listed) {
      if (made.has(entry.id)) continue
      made.add(entry.id)
      const { x, y, w, h: height } = entry
      const frame =
        x !== undefined && y !== undefined && w !== undefined && height !== undefined
          ? { x, y, w, h: height }
          : frameAround(notes.filter((n) => n.clusterId === entry.id))
      createCluster(
        doc,
        {
          id: entry.id,
          title: entry.title,
          column: entry.column === undefined ? column : entry.column,
          ...frame,
        },
        write,
      )
      const sources = entry.sources.map(({ boardId, boardName, clusterId }) => ({
        boardId,
        boardName,
        clusterId,
      }))
      if (sources.length > 0) clustersMap(doc).get(entry.id)!.set(CLUSTER.sources, sources)
    }
    for (const n of notes) writeNote(doc, n, write)
  }, opts.origin)
  return doc
}
